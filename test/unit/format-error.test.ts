import { withoutValues } from '../../src/common/redaction';

test('coercion errors keep the variable, path and type but never the value', () => {
  const card = '4111111111111111';
  const messages = [
    `Variable "$input" got invalid value ${card} at "input.cardNumber"; String cannot represent a non string value: ${card}`,
    `Variable "$input" got invalid value { cardNumber: ${card} }; Field "cardExpiry" of required type "String!" was not provided.`,
    `String cannot represent a non string value: ${card}`,
    `Expected value of type "String!", found ${card}.`,
  ];
  const cleaned = messages.map(withoutValues);
  expect(cleaned[0]).toBe('Variable "$input" got an invalid value at "input.cardNumber"');
  expect(cleaned[1]).toBe('Variable "$input" got an invalid value');
  expect(cleaned[2]).toBe('String cannot represent a non string value');
  expect(cleaned[3]).toBe('Expected value of type "String!"');
  for (const message of cleaned) expect(message).not.toContain(card);
});

test('an enum literal that is no value of the enum is not echoed (it may be what a person typed)', () => {
  const typed = 'Freya_Schmidt_freya_example_com';
  const cleaned = withoutValues(
    `Value "${typed}" does not exist in "ProductCode" enum. Did you mean "OTHER"?`,
  );
  expect(cleaned).toBe('The value does not exist in "ProductCode" enum');
});
