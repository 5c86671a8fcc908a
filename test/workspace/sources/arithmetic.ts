// Ordinary code: no LLM SDK import, so the extension does nothing with it.
export function total(prices: number[]): number {
  return prices.reduce((sum, price) => sum + price, 0);
}
