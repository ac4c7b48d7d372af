/** Store customer input (GetParticipantInput, StoreInput True): phone numbers kept in E.164, as UpdateContactCallbackNumber needs them; no input is "Timeout", not an error. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storedPhoneNumber } from '../src/flow/phoneInput.ts';
import { FlowWorld, act, flowOf, hangup } from './flowWorld.ts';

/** The sample queue configurations flow's callback branch (flow-language.md §3): store a number, set it as the callback number. */
const callbackNumberFlow = (validation: Record<string, unknown>) => flowOf([
  {
    ...act('ask', 'GetParticipantInput', { Text: 'Enter the number to call you back at', StoreInput: 'True', InputTimeLimitSeconds: '6', InputValidation: { PhoneNumberValidation: validation } }),
    Transitions: { NextAction: 'number', Errors: [{ NextAction: 'bad', ErrorType: 'InvalidPhoneNumber' }, { NextAction: 'err', ErrorType: 'NoMatchingError' }] },
  },
  {
    ...act('number', 'UpdateContactCallbackNumber', { CallbackNumber: '$.StoredCustomerInput' }),
    Transitions: { NextAction: 'keep', Errors: [{ NextAction: 'err', ErrorType: 'InvalidCallbackNumber' }, { NextAction: 'err', ErrorType: 'CallbackNumberNotDialable' }] },
  },
  act('keep', 'UpdateContactAttributes', { Attributes: { number: '$.StoredCustomerInput', outcome: 'set' } }, 'bye'),
  act('bad', 'UpdateContactAttributes', { Attributes: { outcome: 'InvalidPhoneNumber' } }, 'bye'),
  act('err', 'UpdateContactAttributes', { Attributes: { outcome: 'error' } }, 'bye'),
  hangup(),
]);

function keyIn(validation: Record<string, unknown>, digits: string) {
  const w = new FlowWorld();
  const call = w.callOn(callbackNumberFlow(validation), { media: true });
  w.played(call.contactId, `${w.wait(call.contactId).id}:prompt`);
  w.digits(call.contactId, digits, 'terminator');
  const contact = w.contact(call.contactId);
  return { outcome: contact.attributes.outcome, number: contact.attributes.number, callback: contact.flowSettings?.callbackNumber };
}

describe('flow input: phone numbers the customer keys are stored in E.164', () => {
  test('a Local number (US: ten digits) is stored with its country\'s calling code, and becomes the callback number', () => {
    assert.deepEqual(keyIn({ NumberFormat: 'Local', CountryCode: 'US' }, '2065550123#'), { outcome: 'set', number: '+12065550123', callback: '+12065550123' });
  });

  test('an E164 number is keyed with its country code first (a keypad has no "+") and stored with the "+"', () => {
    assert.deepEqual(keyIn({ NumberFormat: 'E164', CountryCode: 'US' }, '442079460000#'), { outcome: 'set', number: '+442079460000', callback: '+442079460000' });
  });

  test('a number that cannot be a phone number of that country takes InvalidPhoneNumber', () => {
    assert.equal(keyIn({ NumberFormat: 'Local', CountryCode: 'US' }, '12345#').outcome, 'InvalidPhoneNumber');
    assert.equal(keyIn({ NumberFormat: 'E164', CountryCode: 'US' }, '0123#').outcome, 'InvalidPhoneNumber');
  });

  test('a Local number drops its national trunk prefix (0) before the calling code; NANP numbers may be keyed with their leading 1', () => {
    assert.equal(storedPhoneNumber('02079460000', { NumberFormat: 'Local', CountryCode: 'GB' }), '+442079460000');
    assert.equal(storedPhoneNumber('030 1234567', { NumberFormat: 'Local', CountryCode: 'de' }), '+49301234567');
    assert.equal(storedPhoneNumber('12065550123', { NumberFormat: 'Local', CountryCode: 'CA' }), '+12065550123');
    assert.equal(storedPhoneNumber('+12065550123', { NumberFormat: 'Local', CountryCode: 'US' }), '+12065550123', 'a chat customer may type the "+" form');
    assert.equal(storedPhoneNumber('1065550123', { NumberFormat: 'Local', CountryCode: 'US' }), undefined, 'no NANP area code starts with 0 or 1');
    assert.equal(storedPhoneNumber('2065550123', { NumberFormat: 'Local', CountryCode: 'XX' }), undefined, 'an unknown country');
  });
});

describe('flow input: Store customer input with no input', () => {
  const pinFlow = () => flowOf([
    // As every StoreInput action of the corpus: no InputTimeLimitExceeded branch, only NoMatchingError.
    { ...act('ask', 'GetParticipantInput', { Text: 'Your PIN then hash', StoreInput: 'True', InputTimeLimitSeconds: '5', InputValidation: { CustomValidation: { MaximumLength: '6' } } }), Transitions: { NextAction: 'keep', Errors: [{ NextAction: 'err', ErrorType: 'NoMatchingError' }] } },
    act('keep', 'UpdateContactAttributes', { Attributes: { pin: '$.StoredCustomerInput' } }, 'bye'),
    act('err', 'UpdateContactAttributes', { Attributes: { pin: 'error branch' } }, 'bye'),
    hangup(),
  ]);

  test('a call that keys nothing before the time limit goes on as success, with $.StoredCustomerInput "Timeout"', () => {
    const w = new FlowWorld();
    const call = w.callOn(pinFlow(), { media: true });
    w.digits(call.contactId, '', 'timeout');
    assert.equal(w.contact(call.contactId).attributes.pin, 'Timeout');
  });

  test('a chat whose customer writes nothing before the time limit goes on the same way', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(pinFlow());
    w.timeout(chat.contactId);
    assert.equal(w.contact(chat.contactId).attributes.pin, 'Timeout');
  });
});
