/**
 * A count as a list shows it. Where counting exactly would cost a scan the engine counts up to a
 * cap (10,000; 1,000 for free-text search) and says when there are more; then the count reads
 * "10,000+", never a made-up exact number.
 */
export function countText(count: number, isLowerBound: boolean): string {
  return `${count.toLocaleString('en-US')}${isLowerBound ? '+' : ''}`;
}
