/**
 * What parseAssessment refuses in a document from outside (an imported or edited file): values
 * that would steer a file dialog, read the message catalogue's prototype, or nest deeply enough
 * to crash JSON.stringify and structured cloning later.
 */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseAssessment, type Assessment } from '../../shared/assessment';
import { sampleAssessment } from '../electron/store/sample';

const errorsOf = (input: unknown): string[] => {
  const parsed = parseAssessment(input);
  return parsed.ok ? [] : parsed.errors;
};

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { x: value };
  return value;
}

function withData(data: unknown): Assessment {
  const assessment = sampleAssessment();
  return { ...assessment, attempts: [{ ...assessment.attempts[0]!, data }] };
}

describe('parseAssessment: nesting depth', () => {
  it('accepts check data nested as deep as real results are', () => {
    expect(parseAssessment(withData(nested(20))).ok).toBe(true);
  });

  it('refuses 200,000 levels with a clear message instead of failing later in JSON.stringify or IPC', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const errors = errorsOf(withData(deep));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/nested more than \d+ levels deep/);
  });

  it('draws the line at MAX_JSON_DEPTH for the whole document', () => {
    // The document itself is 4 levels down to attempts[0].data.
    expect(MAX_JSON_DEPTH).toBeGreaterThanOrEqual(32);
    expect(parseAssessment(withData(nested(MAX_JSON_DEPTH - 4))).ok).toBe(true);
    expect(parseAssessment(withData(nested(MAX_JSON_DEPTH + 1))).ok).toBe(false);
  });
});

describe('parseAssessment: date-times', () => {
  it.each([['startedAt'], ['finishedAt']] as const)('requires %s to be an ISO date-time', (field) => {
    for (const bad of ['/../../../x', '2026-03-01', 'yesterday', '2026-03-01T09:00:00.000Z/../x', '']) {
      expect(errorsOf({ ...sampleAssessment(), [field]: bad }).join(), bad).toContain(field);
    }
    expect(parseAssessment({ ...sampleAssessment(), [field]: '2026-03-01T09:00:00.000Z' }).ok).toBe(true);
  });

  it('requires ISO date-times in attempts too', () => {
    const assessment = sampleAssessment();
    const attempts = [{ ...assessment.attempts[0]!, startedAt: '../../x' }];
    expect(errorsOf({ ...assessment, attempts }).join()).toContain('attempts.0.startedAt');
  });
});

describe('parseAssessment: message keys', () => {
  const withEvidenceKey = (key: string): Assessment => {
    const assessment = sampleAssessment();
    const [first, ...rest] = assessment.findings;
    return { ...assessment, findings: [{ ...first!, evidence: [{ type: 'text', key, value: 'x' }] }, ...rest] };
  };

  it.each(['evidence.spf_record', 'spf.syntax.invalid_cidr', 'evidence.tls.kex_signature', 'spf.evidence.chain'])(
    'accepts the evidence key %s',
    (key) => {
      expect(parseAssessment(withEvidenceKey(key)).ok).toBe(true);
    },
  );

  it.each([
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'Evidence.x',
    'evidence x',
    '',
    'evidence.',
    '.evidence',
    'a'.repeat(300),
  ])('refuses the evidence key %j (it would be looked up in the message catalogue)', (key) => {
    expect(errorsOf(withEvidenceKey(key)).join()).toContain('evidence.0.key');
  });
});
