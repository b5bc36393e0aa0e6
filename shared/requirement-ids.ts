/** The rows of the NÚKIB measure (DESIGN §1), in row order; `requirements.ts` holds their catalogue. */
export const REQUIREMENT_IDS = [
  'starttls',
  'tls-versions',
  'certificate',
  'dnssec',
  'dane',
  'dane-outbound',
  'mail-auth',
  'client-access',
  'web-access',
  'algorithms',
] as const;

export type RequirementId = (typeof REQUIREMENT_IDS)[number];
