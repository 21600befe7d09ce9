// What other packages use of ownership verification.
export {
  DNS_PREFIX,
  OwnershipVerifier,
  TargetAllowlist,
  WELL_KNOWN_PATH,
  type VerificationOutcome,
} from './ownership-verifier';
