import { isApiError } from '@shakedown/core/contract';
import {
  QueryClient,
  useMutation,
  useQueryClient,
  type QueryKey,
  type UseMutationResult,
} from '@tanstack/react-query';

/** Retries what may pass on a second try (network, 5xx, 429); a 4xx answer will not change. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return false;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/** A mutation that reads the queries under `queryKey` again once it succeeds. */
export function useInvalidatingMutation<Variables, Result>(
  mutationFn: (variables: Variables) => Promise<Result>,
  queryKey: QueryKey,
): UseMutationResult<Result, Error, Variables> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
}

/**
 * Marks every query of the organisation stale (each feature's keys are `[feature, orgId, …]`),
 * for events that change several features at once, such as a run finishing.
 */
export function invalidateOrgQueries(queryClient: QueryClient, orgId: string): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] === orgId });
}
