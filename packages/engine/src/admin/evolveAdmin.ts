import type { Event } from '../events.ts';
import type { Instance } from '../state.ts';
import { applyFlowAdmin, isFlowAdminEvent } from './flows.ts';
import { applyUserAdmin, isUserAdminEvent } from './users.ts';
import { applyAgentStatusUpdated, isAgentStatusUpdated } from './agentStatuses.ts';
import { applyQueueAdmin, isQueueAdminEvent } from './queuesAdmin.ts';
import { applyRoutingProfileUpdated, isRoutingProfileUpdated } from './routingProfilesAdmin.ts';
import { applyHoursAdmin, isHoursAdminEvent } from './hoursAdmin.ts';
import { applyInstanceAdmin, isInstanceAdminEvent } from './instancesAdmin.ts';
import { applyPhoneNumber, isPhoneNumberEvent } from './phoneNumbers.ts';
import { applyLambdaFunction, isLambdaFunctionEvent } from './lambdaFunctions.ts';
import { applyResourceTags, isResourceTagsSet } from './tags.ts';
import { applySecurityProfile, isSecurityProfileEvent } from './securityProfilesAdmin.ts';
import { applyResourceAdmin, isResourceAdminEvent } from './resourceAdmin.ts';

/**
 * Applies an event of the Connect admin API (flows, users, statuses, queues, routing profiles, hours,
 * instances, phone numbers, tags, security profiles, resource changes) to its instance, in place; false
 * when the event is not one of them (evolve.ts goes on with the contact and agent events).
 */
export function applyAdminEvent(instance: Instance, event: Exclude<Event, { type: 'InstanceCreated' }>): boolean {
  if (isFlowAdminEvent(event)) {
    applyFlowAdmin(instance, event);
    return true;
  }
  if (isUserAdminEvent(event)) {
    applyUserAdmin(instance, event);
    return true;
  }
  if (isAgentStatusUpdated(event)) {
    applyAgentStatusUpdated(instance, event);
    return true;
  }
  if (isQueueAdminEvent(event)) {
    applyQueueAdmin(instance, event);
    return true;
  }
  if (isRoutingProfileUpdated(event)) {
    applyRoutingProfileUpdated(instance, event);
    return true;
  }
  if (isHoursAdminEvent(event)) {
    applyHoursAdmin(instance, event);
    return true;
  }
  // --- Connect admin API: instances, approved origins, phone numbers, tags ---
  if (isInstanceAdminEvent(event)) {
    applyInstanceAdmin(instance, event);
    return true;
  }
  if (isLambdaFunctionEvent(event)) {
    applyLambdaFunction(instance, event);
    return true;
  }
  if (isPhoneNumberEvent(event)) {
    applyPhoneNumber(instance, event);
    return true;
  }
  if (isResourceTagsSet(event)) {
    applyResourceTags(instance, event);
    return true;
  }
  if (isSecurityProfileEvent(event)) {
    applySecurityProfile(instance, event);
    return true;
  }
  if (isResourceAdminEvent(event)) {
    applyResourceAdmin(instance, event);
    return true;
  }
  return false;
}
