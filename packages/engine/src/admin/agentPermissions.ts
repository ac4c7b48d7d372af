import type { Command } from '../commands.ts';
import type { State } from '../state.ts';
import { reject, type Rejection } from '../rejection.ts';
import { PERMISSION, userMay, type Permission } from './permissions.ts';

/**
 * What an agent's security profiles allow on the CCP (Amazon Connect's agent permissions), checked by the
 * engine on the agent's own commands, so every way in (the CCP socket, the sdk) is held to it:
 * - adding a participant or transferring with a quick connect needs Quick connects - View (TransferDestinations.View);
 * - calling a number from the CCP (agent.connect, or a number dialled to add or transfer on a call) needs
 *   Make outbound calls (OutboundCallAccess).
 * Logging in to the CCP needs Basic agent access (BasicAgentAccess): the shell checks it at login and on every
 * request of the agent's socket. Refusals are AccessDenied, naming the permission. Permissions are read
 * from the state on each command, so a profile changed applies to agents already logged in.
 */
export function permissionNeeded(command: Command): Permission | undefined {
  switch (command.type) {
    case 'AddParticipant':
    case 'TransferContact':
      return command.quickConnectId !== undefined ? PERMISSION.quickConnectsView : PERMISSION.outboundCall;
    case 'StartOutboundCall':
      return PERMISSION.outboundCall;
    default:
      return undefined;
  }
}

/** The refusal of an agent's command their security profiles do not allow, if it is one. */
export function agentPermissionRefusal(state: State, command: Command): Rejection | undefined {
  const permission = permissionNeeded(command);
  const userId = permission && 'userId' in command ? command.userId : undefined;
  if (!permission || userId === undefined) return undefined;
  const instance = state.instances.get(command.instanceId);
  if (!instance || !instance.users.has(userId)) return undefined; // the command's own decision names what is missing
  if (userMay(instance, userId, permission)) return undefined;
  return reject('AccessDenied', `your security profiles do not grant ${permission}`, { rule: 'permission', resourceType: 'Permission', resourceId: permission });
}
