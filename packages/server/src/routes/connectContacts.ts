import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { createParticipant, describeContact, startChatContact, stopContact, updateContactAttributes } from '../api/connect/contacts.ts';
import { getCurrentMetricData, getMetricDataV2 } from '../api/connect/metrics.ts';
import { startOutboundVoiceContact } from '../api/connect/outboundVoice.ts';
import { getRecording } from '../api/connect/recordings.ts';
import { listContactReferences } from '../api/connect/contactReferences.ts';
import { startTaskContact } from '../api/connect/tasks.ts';
import { putUserStatus } from '../api/connect/users.ts';

/** The Connect API for contacts: start, stop, attributes, participants, describe, recordings, metrics, outbound calls, tasks, agent status. */
export function connectContactRoutes(router: Router, services: Services): Router {
  return router
    .on('PUT', '/contact/chat', (c) => startChatContact(services, c))
    .on('POST', '/contact/stop', (c) => stopContact(services, c))
    .on('POST', '/contact/attributes', (c) => updateContactAttributes(services, c))
    .on('POST', '/contact/create-participant', (c) => createParticipant(services, c))
    .on('GET', '/contacts/:instanceId/:contactId', (c) => describeContact(services, c))
    .on('GET', '/contact/references/:instanceId/:contactId', (c) => listContactReferences(services, c))
    .on('GET', '/recordings/:instanceId/:contactId/:recordingId', (c) => getRecording(services, c))
    .on('PUT', '/contact/outbound-voice', (c) => startOutboundVoiceContact(services, c))
    .on('PUT', '/contact/task', (c) => startTaskContact(services, c))
    .on('POST', '/metrics/current/:instanceId', (c) => getCurrentMetricData(services, c))
    .on('POST', '/metrics/data', (c) => getMetricDataV2(services, c))
    .on('PUT', '/users/:instanceId/:userId/status', (c) => putUserStatus(services, c));
}
