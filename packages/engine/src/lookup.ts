import type { State, Instance } from './state.ts';
import type { Contact } from './model/contact.ts';
import type { User } from './model/user.ts';
import { notFound, type Rejection } from './rejection.ts';

/** Finders that turn a missing entity into the rejection a client would get. */
export function findInstance(state: State, instanceId: string): Instance | Rejection {
  return state.instances.get(instanceId) ?? notFound('Instance', instanceId);
}

export function findContact(instance: Instance, contactId: string): Contact | Rejection {
  return instance.contacts.get(contactId) ?? notFound('Contact', contactId);
}

export function findUser(instance: Instance, userId: string): User | Rejection {
  return instance.users.get(userId) ?? notFound('User', userId);
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !('id' in value);
}
