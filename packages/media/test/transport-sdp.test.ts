import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareOffer } from '../src/rtc/sdp.ts';

// The audio section of a Chromium offer (abridged from the experiments in media-storage-experiments.md §1).
const chromium = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2113937151 127.0.0.1 50000 typ host', 'a=ice-ufrag:abcd', 'a=ice-pwd:0123456789abcdefghijklmn',
  'a=fingerprint:sha-256 00:11', 'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2', 'a=fmtp:63 111/111', 'a=rtpmap:9 G722/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000', 'a=rtpmap:110 telephone-event/48000', 'a=rtpmap:126 telephone-event/8000', 'a=ssrc:1 cname:x', '',
].join('\r\n');

test('a Chromium offer keeps only PCMU then telephone-event/8000; the 48 kHz event and every other codec go', () => {
  const { sdp, audioPayloadType, dtmfPayloadType } = prepareOffer(chromium);
  assert.equal(audioPayloadType, 0);
  assert.equal(dtmfPayloadType, 126);
  assert.match(sdp, /^m=audio 9 UDP\/TLS\/RTP\/SAVPF 0 126$/m);
  assert.doesNotMatch(sdp, /telephone-event\/48000|opus|red\/|G722|PCMA|CN\/8000|a=fmtp:111|a=rtcp-fb:111/);
  for (const kept of ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:126 telephone-event/8000', 'a=candidate:1 1 udp', 'a=ice-ufrag:abcd', 'a=ssrc:1 cname:x', 'a=group:BUNDLE 0']) {
    assert.ok(sdp.includes(kept), `kept ${kept}`);
  }
  assert.ok(sdp.endsWith('\r\n') && !sdp.includes('\n\n'));
});

test('a static PCMU without an rtpmap line gets one; an offer without DTMF has no event payload type', () => {
  const offer = chromium.replace('m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'm=audio 9 UDP/TLS/RTP/SAVPF 0')
    .replace('a=rtpmap:0 PCMU/8000\r\n', '');
  const { sdp, dtmfPayloadType } = prepareOffer(offer);
  assert.equal(dtmfPayloadType, undefined);
  assert.match(sdp, /^m=audio 9 UDP\/TLS\/RTP\/SAVPF 0$/m);
  assert.match(sdp, /a=rtpmap:0 PCMU\/8000/);
  assert.doesNotMatch(sdp, /telephone-event/);
});

test('offers a bridge cannot answer are TypeErrors that say why', () => {
  assert.throws(() => prepareOffer(''), TypeError);
  assert.throws(() => prepareOffer('v=0\r\ns=-\r\n'), /no media section/);
  assert.throws(() => prepareOffer(chromium.replace(/ 0 8 13/, ' 8 13').replace('a=rtpmap:0 PCMU/8000\r\n', '')), /PCMU/);
  assert.throws(() => prepareOffer(`${chromium}m=video 9 UDP/TLS/RTP/SAVPF 96\r\n`), /exactly one audio section/);
});
