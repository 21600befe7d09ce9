export {
  DNS_PREFIX,
  OwnershipVerifier,
  TargetAllowlist,
  WELL_KNOWN_PATH,
  type OwnershipVerifierOptions,
  type VerificationOutcome,
} from './ownership-verifier';
