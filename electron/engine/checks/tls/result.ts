/**
 * The result shape the four TLS checks share: the classification source and one entry per
 * tested address. Address entries keep the prober's full JSON (shared/tls/profile.ts); they are
 * read back only by the next TLS step of the same run, so they are typed, not re-validated.
 */
import { z } from 'zod';
import type { TlsAddressBase } from '../../../../shared/tls/assess';
import { opaqueObject } from '../../check-spec';

export function tlsResultSchema<A extends TlsAddressBase>() {
  return z.object({
    /** e.g. "NCSC-NL 2025-05" */
    classification: z.string(),
    addresses: z.array(opaqueObject<A>((v) => typeof (v as { address?: unknown }).address === 'string')),
  });
}
