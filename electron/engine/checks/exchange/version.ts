/**
 * From a build number seen from outside (`X-OWA-Version`, 4 parts; or the OWA asset path, 3 parts)
 * to product, update, release date and support status, following ../shared/data/exchange/README.md
 * §3: builds compare as integer tuples; a 3-part value names the CU only; an unknown 4-part value
 * falls back to the highest listed update of its CU at or below it ("at least"). Pure.
 */
import { EXCHANGE_BUILDS, EXCHANGE_DATA_HORIZON, EXCHANGE_LIFECYCLE, EXCHANGE_SUPPLEMENT_BUILDS, type ExchangeProduct } from './builds';

export type Build = readonly number[];

/** `15.02.1748.024` and `15.2.1748.24` alike; 3 or 4 parts, major 15 (2013 and later). */
export function parseBuild(text: string): Build | undefined {
  const m = /^\s*(15)\.(\d{1,2})\.(\d{1,5})(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return undefined;
  return m
    .slice(1)
    .filter((p): p is string => p !== undefined)
    .map(Number);
}

export function compareBuilds(a: Build, b: Build): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const formatBuild = (b: Build) => b.join('.');

/** README §3 "Product from the build number" (the SE rule is CSS-Exchange's). */
export function productOf(b: Build): ExchangeProduct | 'online' | undefined {
  const [major, minor, build] = b;
  if (major !== 15 || minor === undefined || build === undefined) return undefined;
  // Exchange Online reports 15.20.x.x and higher: not an on-premises build.
  if (minor >= 20) return 'online';
  if (minor === 0) return '2013';
  if (minor === 1) return '2016';
  if (minor === 2) return build >= 2562 ? 'SE' : '2019';
  return undefined;
}

interface Row {
  product: ExchangeProduct;
  name: string;
  released?: string;
  build: Build;
}

const ROWS: readonly Row[] = EXCHANGE_BUILDS.map(([product, name, released, build]) => ({
  product,
  name,
  released,
  build: parseBuild(build)!,
}));
const SUPPLEMENT: readonly Row[] = EXCHANGE_SUPPLEMENT_BUILDS.map(([product, name, build]) => ({
  product,
  name,
  build: parseBuild(build)!,
}));

export interface BuildInfo {
  build: string;
  product: ExchangeProduct;
  /** `update`: the exact update is known; `at_least`: an unlisted build above a listed update; `cu`: the CU only (3 parts) */
  precision: 'update' | 'at_least' | 'cu';
  /** the matching row's name, e.g. `Exchange Server 2016 CU23 Apr24HU` (for `cu`: the CU's own row) */
  name: string;
  released?: string;
  /** the newest listed update of the same CU */
  latestInLine: { name: string; build: string; released?: string };
  /** the newest listed build of the product */
  latestOfProduct: { name: string; build: string; released?: string };
  /** extended support end, when the product has one */
  supportEnd?: string;
  supported: boolean;
  horizon: string;
}

const samePrefix = (a: Build, b: Build) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
const describe = (r: Row) => ({ name: r.name, build: formatBuild(r.build), ...(r.released ? { released: r.released } : {}) });

/** What the data says about a build; undefined for no Exchange build or one not in the data at all. */
export function lookupBuild(text: string, today: Date): BuildInfo | undefined {
  const b = parseBuild(text);
  if (!b) return undefined;
  const product = productOf(b);
  if (product === undefined || product === 'online') return undefined;
  const line = ROWS.filter((r) => samePrefix(r.build, b));
  if (line.length === 0) return undefined;
  const latestInLine = line[line.length - 1]!;
  const ofProduct = ROWS.filter((r) => r.product === product);
  const latestOfProduct = ofProduct.reduce((x, y) => (compareBuilds(y.build, x.build) > 0 ? y : x));
  let match: Row | undefined;
  let precision: BuildInfo['precision'];
  if (b.length === 3) {
    match = line[0];
    precision = 'cu';
  } else {
    match = line.find((r) => compareBuilds(r.build, b) === 0) ?? SUPPLEMENT.find((r) => compareBuilds(r.build, b) === 0);
    precision = 'update';
    if (!match) {
      match = [...line].reverse().find((r) => compareBuilds(r.build, b) <= 0);
      precision = 'at_least';
    }
  }
  if (!match) return undefined;
  const supportEnd = EXCHANGE_LIFECYCLE[product].extendedEnd;
  return {
    build: formatBuild(b),
    product,
    precision,
    name: match.name,
    ...(match.released ? { released: match.released } : {}),
    latestInLine: describe(latestInLine),
    latestOfProduct: describe(latestOfProduct),
    ...(supportEnd ? { supportEnd } : {}),
    supported: supportEnd === undefined || today.toISOString().slice(0, 10) <= supportEnd,
    horizon: EXCHANGE_DATA_HORIZON,
  };
}

/** Whole days from `from` to `to` (ISO dates), never negative. */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000));
}
