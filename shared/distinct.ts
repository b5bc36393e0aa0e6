/**
 * Drops repeated items, keeping the first of each: items are the same when their JSON is, so
 * plain data built in separate places (evidence, remediation actions) compares by value.
 */
export function distinctByJson<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
