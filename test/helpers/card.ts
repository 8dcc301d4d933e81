/**
 * The test card number (4111 1111 1111 1111) in any text: its first group standing alone ("4111 …",
 * "4111-…") or the 16 digits unspaced. Not any "4111": ids and millisecond timestamps in logs and
 * requests (Discord snowflakes, pino's `time`) hold those four digits now and then.
 *
 * @example expect(JSON.stringify(records)).not.toMatch(TEST_CARD)
 */
export const TEST_CARD = /(?<!\d)4111(?:(?!\d)|\d{12}(?!\d))/;
