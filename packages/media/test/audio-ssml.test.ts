import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reduceSsml, ssmlToText } from '../src/audio/ssml.ts';

test('tags are stripped and their text kept; say-as and emphasis pass their text through', () => {
  assert.deepEqual(reduceSsml('<speak>Your code is <say-as interpret-as="digits">1234</say-as>, <emphasis level="strong">thanks</emphasis>.</speak>'), [
    { kind: 'text', text: 'Your code is 1234, thanks.' },
  ]);
});

test('<break> becomes a pause: time in ms or s, strength, or medium by default; capped at 10 s', () => {
  assert.deepEqual(reduceSsml('<speak>One<break time="750ms"/>two<break time="1.5s"/>three<break/>four<break strength="x-strong"/>five<break time="60s"/>six</speak>'), [
    { kind: 'text', text: 'One' },
    { kind: 'pause', ms: 750 },
    { kind: 'text', text: 'two' },
    { kind: 'pause', ms: 1500 },
    { kind: 'text', text: 'three' },
    { kind: 'pause', ms: 400 },
    { kind: 'text', text: 'four' },
    { kind: 'pause', ms: 1000 },
    { kind: 'text', text: 'five' },
    { kind: 'pause', ms: 10_000 },
    { kind: 'text', text: 'six' },
  ]);
});

test('pauses at either end are dropped and adjacent pauses add up', () => {
  assert.deepEqual(reduceSsml('<speak><break time="1s"/>Hi<break time="200ms"/><break time="300ms"/>there<break time="2s"/></speak>'), [
    { kind: 'text', text: 'Hi' },
    { kind: 'pause', ms: 500 },
    { kind: 'text', text: 'there' },
  ]);
});

test('<sub alias> says the alias instead of its content; paragraphs end with a pause', () => {
  assert.deepEqual(reduceSsml('<speak><p>Welcome to <sub alias="Amazon Web Services">AWS</sub></p><p>Goodbye</p></speak>'), [
    { kind: 'text', text: 'Welcome to Amazon Web Services' },
    { kind: 'pause', ms: 500 },
    { kind: 'text', text: 'Goodbye' },
  ]);
});

test('entities are decoded; comments, marks and Polly-only tags say nothing of their own', () => {
  const ssml = '<?xml version="1.0"?><speak><!-- greeting --><mark name="m1"/><amazon:effect name="whispered">Tom &amp; Jerry &lt;3 &#233;t&#xE9;</amazon:effect><amazon:breath/><![CDATA[ raw <text> ]]></speak>';
  assert.equal(ssmlToText(ssml), 'Tom & Jerry <3 été raw <text>');
});

test('plain text without tags comes back as itself (whitespace tidied)', () => {
  assert.deepEqual(reduceSsml('  Please   hold.\n Thank you. '), [{ kind: 'text', text: 'Please hold. Thank you.' }]);
  assert.deepEqual(reduceSsml('<speak></speak>'), []);
});
