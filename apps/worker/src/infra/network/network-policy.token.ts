/** Injection token of the SSRF guard every outgoing connection goes through. */
export const NETWORK_POLICY = Symbol('NETWORK_POLICY');
