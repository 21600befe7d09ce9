import type { ExchangeRequest } from '@shakedown/core/report';
import { createContext } from 'react';

/** A recorded request with its masked credentials revealed, and what stayed masked. */
export type RevealRequest = (
  request: ExchangeRequest,
) => Promise<{ request: ExchangeRequest; stillMasked: string[] }>;

/**
 * Provided by the page for admins and owners only: with it, each exchange offers "Copy with
 * real credentials"; without it (members, viewers), only the masked copy exists.
 */
export const RevealRequestContext = createContext<RevealRequest | undefined>(undefined);
