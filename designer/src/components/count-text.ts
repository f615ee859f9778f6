/**
 * A count as a list shows it. The engine counts up to a cap (10,000) and says when there are more;
 * then the count reads "10,000+", never a made-up exact number.
 */
export function countText(count: number, isLowerBound: boolean): string {
  return `${count.toLocaleString('en-US')}${isLowerBound ? '+' : ''}`;
}
