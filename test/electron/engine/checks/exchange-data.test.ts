/**
 * The Exchange build data in the product (electron/engine/checks/exchange/builds.ts) is a copy of
 * the team's reference tables in ../shared/data/exchange/ (sources in its README): row for row,
 * so it cannot drift. Then the lookup rules of that README §3, table-driven.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../scripts/gen-tls-data';
import { EXCHANGE_BUILDS, EXCHANGE_LIFECYCLE, EXCHANGE_SUPPLEMENT_BUILDS } from '../../../../electron/engine/checks/exchange/builds';
import { lookupBuild, parseBuild, productOf } from '../../../../electron/engine/checks/exchange/version';

const DIR = resolve(import.meta.dirname, '../../../../../shared/data/exchange');
const short = (p: string) => p.replace('Exchange Server Subscription Edition', 'SE').replace('Exchange Server ', '');
const csv = (file: string) => parseCsv(readFileSync(resolve(DIR, file), 'utf8'));

describe('Exchange build data matches ../shared/data/exchange', () => {
  it('builds.csv', () => {
    expect(EXCHANGE_BUILDS.map((r) => [...r])).toEqual(
      csv('builds.csv').map((r) => [short(r.product!), r.name, r.release_date, r.build_short]),
    );
  });
  it('builds-supplement-css-exchange.csv', () => {
    expect(EXCHANGE_SUPPLEMENT_BUILDS.map((r) => [...r])).toEqual(
      csv('builds-supplement-css-exchange.csv').map((r) => [short(r.product!), r.name, r.build_short]),
    );
  });
  it('lifecycle.csv', () => {
    for (const r of csv('lifecycle.csv')) {
      const row = EXCHANGE_LIFECYCLE[short(r.product!) as keyof typeof EXCHANGE_LIFECYCLE];
      expect(row.mainstreamEnd ?? '').toBe(r.mainstream_end);
      expect(row.extendedEnd ?? '').toBe(r.extended_end);
    }
  });
});

const TODAY = new Date('2026-12-02T00:00:00Z');

describe('build lookup (README §3)', () => {
  it('normalises long and short forms alike and tells products apart', () => {
    expect(parseBuild('15.02.1748.024')).toEqual([15, 2, 1748, 24]);
    expect(parseBuild('15.2.1748')).toEqual([15, 2, 1748]);
    expect(parseBuild('14.3.123.4')).toBeUndefined();
    expect(productOf([15, 0, 1497, 48])).toBe('2013');
    expect(productOf([15, 1, 2507, 39])).toBe('2016');
    expect(productOf([15, 2, 2561, 0])).toBe('2019');
    expect(productOf([15, 2, 2562, 17])).toBe('SE');
    // Exchange Online reports 15.20.x.x: not an on-premises build.
    expect(productOf([15, 20, 8000, 1])).toBe('online');
  });

  it('2016 CU23 Apr24HU: exact update, out of support since 2025-10-14, newest of its line Aug26SU', () => {
    expect(lookupBuild('15.1.2507.39', TODAY)).toMatchObject({
      product: '2016',
      precision: 'update',
      name: 'Exchange Server 2016 CU23 Apr24HU',
      released: '2024-04-23',
      supported: false,
      supportEnd: '2025-10-14',
      latestInLine: { name: 'Exchange Server 2016 CU23 Aug26SU', build: '15.1.2507.72', released: '2026-08-11' },
    });
  });

  it('a 3-part asset path names the CU only', () => {
    expect(lookupBuild('15.2.1748', TODAY)).toMatchObject({
      product: '2019',
      precision: 'cu',
      name: 'Exchange Server 2019 CU15 (2025H1)',
      supported: false,
    });
  });

  it('SE: supported; an unlisted revision is "at least" the listed update below it', () => {
    expect(lookupBuild('15.2.2562.46', TODAY)).toMatchObject({
      product: 'SE',
      precision: 'update',
      supported: true,
      latestInLine: { build: '15.2.2562.46' },
    });
    expect(lookupBuild('15.2.2562.47', TODAY)).toMatchObject({
      product: 'SE',
      precision: 'at_least',
      name: 'Exchange Server SE RTM Aug26SU',
    });
    expect(lookupBuild('15.2.2562.17', TODAY)).toMatchObject({ supported: true, precision: 'update' });
  });

  it('a pre-2021 SU only CSS-Exchange lists comes from the supplement', () => {
    const [product, name, build] = EXCHANGE_SUPPLEMENT_BUILDS[0]!;
    expect(lookupBuild(build, TODAY)).toMatchObject({ product, name, precision: 'update' });
  });
});
