import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { devPhoneAction, devPhoneCalls, devPhoneConfig, devPhoneDial, devPhoneMedia } from '../api/devPhone.ts';
import { describeSimulatedCall, simulateDigits, simulateInboundCall, simulatePartyMedia, simulatePhoneAction, simulatePromptPlayed, simulatedCallMeter } from '../api/phoneSimulator.ts';
import { webCallHangup, webCallOffer, webCallState, widgetCallConfig, widgetStartCall } from '../api/webCall.ts';
import { widgetPreflight } from '../api/widget.ts';

/** Calls from outside: the phone simulator, the development phone, and web calling from the call-us page. */
export function voiceRoutes(router: Router, services: Services): Router {
  return router
    .on('POST', '/phone-simulator/:instanceId/calls', (c) => simulateInboundCall(services, c))
    .on('GET', '/phone-simulator/:instanceId/calls/:contactId', (c) => describeSimulatedCall(services, c))
    .on('POST', '/phone-simulator/:instanceId/calls/:contactId/parties/:partyId/:action', (c) => simulatePhoneAction(services, c))
    .on('POST', '/phone-simulator/:instanceId/calls/:contactId/digits', (c) => simulateDigits(services, c))
    .on('POST', '/phone-simulator/:instanceId/calls/:contactId/flow/played', (c) => simulatePromptPlayed(services, c))
    .on('POST', '/phone-simulator/:instanceId/calls/:contactId/media/:partyId', (c) => simulatePartyMedia(services, c))
    .on('GET', '/phone-simulator/:instanceId/calls/:contactId/meter', (c) => simulatedCallMeter(services, c))
    .on('GET', '/dev-phone/:instanceId/config', (c) => devPhoneConfig(services, c))
    .on('GET', '/dev-phone/:instanceId/calls', (c) => devPhoneCalls(services, c))
    .on('POST', '/dev-phone/:instanceId/dial', (c) => devPhoneDial(services, c))
    .on('POST', '/dev-phone/:instanceId/calls/:contactId/parties/:partyId/:action', (c) => devPhoneAction(services, c))
    .on('POST', '/dev-phone/:instanceId/calls/:contactId/media/:partyId', (c) => devPhoneMedia(services, c))
    .on('OPTIONS', '/widget/:widgetId/start-call', (c) => widgetPreflight(services, c))
    .on('POST', '/widget/:widgetId/start-call', (c) => widgetStartCall(services, c))
    .on('GET', '/widget/:widgetId/call-config', (c) => widgetCallConfig(services, c))
    .on('POST', '/web-call/offer', (c) => webCallOffer(services, c))
    .on('POST', '/web-call/hangup', (c) => webCallHangup(services, c))
    .on('GET', '/web-call/state', (c) => webCallState(services, c));
}
