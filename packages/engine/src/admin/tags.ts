import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';
import { DEFAULT_PHONE_CONFIG } from './users.ts';

/**
 * Tags through the Connect API (issue 18): TagResource, UntagResource, ListTagsForResource on the ARN of an
 * instance, user, queue, routing profile, hours of operation, quick connect, flow, flow module, prompt or phone
 * number. Rules (as AWS tagging):
 * - a key is 1–128 characters and may not start with "aws:"; a value is at most 256; a resource holds at most 50 tags;
 * - tagging sets the keys given (a key already there takes the new value); untagging removes the keys given
 *   (keys not there are ignored); at least one key either way;
 * - an ARN of another kind, or of a resource that does not exist, is refused (InvalidParameter / ResourceNotFound).
 */

export const MAX_TAGS = 50;

/** The kinds of resource that keep tags, as their ARN names them. */
export const TAGGABLE_KINDS = ['instance', 'agent', 'queue', 'routing-profile', 'operating-hours', 'transfer-destination', 'contact-flow', 'flow-module', 'prompt', 'phone-number'] as const;
export type TaggableKind = (typeof TAGGABLE_KINDS)[number];

export interface TaggedResource {
  kind: TaggableKind;
  /** The resource's id (for an instance, the instance id). */
  id: string;
}

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
export interface TagResource extends CommandBase {
  type: 'TagResource';
  resource: TaggedResource;
  tags: Record<string, string>;
}
export interface UntagResource extends CommandBase {
  type: 'UntagResource';
  resource: TaggedResource;
  tagKeys: string[];
}
export type TagCommand = TagResource | UntagResource;

/** A resource's tags after a change: the whole set. */
export interface ResourceTagsSet {
  type: 'ResourceTagsSet';
  instanceId: string;
  at: number;
  resource: TaggedResource;
  tags: Record<string, string>;
}

export function isResourceTagsSet(event: Event): event is ResourceTagsSet & Event {
  return event.type === 'ResourceTagsSet';
}

function checkKey(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return `tag key ${key.slice(0, 130)} must be 1–128 characters`;
  if (key.toLowerCase().startsWith('aws:')) return `tag key ${key} may not start with aws: (reserved)`;
  return undefined;
}

/** A tag set's problem, if any: keys, values, count. */
export function checkTags(tags: Record<string, string>): string | undefined {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) return `a resource holds at most ${MAX_TAGS} tags`;
  for (const [key, value] of entries) {
    const problem = checkKey(key);
    if (problem) return problem;
    if (typeof value !== 'string' || value.length > 256) return `the value of tag ${key} must be at most 256 characters`;
  }
  return undefined;
}

/** The tags a resource has now, or undefined when there is no such resource. */
export function tagsOf(instance: Instance, resource: TaggedResource): Record<string, string> | undefined {
  const { id } = resource;
  switch (resource.kind) {
    case 'instance':
      return id === instance.id ? (instance.tags ?? {}) : undefined;
    case 'agent': {
      const user = instance.users.get(id);
      return user ? (user.profile?.tags ?? {}) : undefined;
    }
    case 'queue': {
      const q = instance.queues.get(id);
      return q ? (q.tags ?? {}) : undefined;
    }
    case 'routing-profile': {
      const p = instance.routingProfiles.get(id);
      return p ? (p.tags ?? {}) : undefined;
    }
    case 'operating-hours': {
      const h = instance.hoursOfOperations.get(id);
      return h ? (h.tags ?? {}) : undefined;
    }
    case 'transfer-destination': {
      const q = instance.quickConnects.get(id);
      return q ? (q.tags ?? {}) : undefined;
    }
    case 'contact-flow': {
      const f = instance.flows.get(id);
      return f ? (f.tags ?? {}) : undefined;
    }
    case 'flow-module':
      return instance.flowModules.get(id)?.tags;
    case 'prompt':
      return instance.prompts.get(id)?.tags;
    case 'phone-number':
      return instance.phoneNumbers?.get(id)?.tags;
  }
}

export function decideTags(state: State, command: TagCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  if (!(TAGGABLE_KINDS as readonly string[]).includes(command.resource.kind)) return refused(reject('InvalidParameter', `resources of kind ${command.resource.kind} do not keep tags`));
  const current = tagsOf(instance, command.resource);
  if (current === undefined) return refused(notFound(command.resource.kind, command.resource.id));
  let tags: Record<string, string>;
  if (command.type === 'TagResource') {
    if (Object.keys(command.tags).length === 0) return refused(reject('InvalidParameter', 'give at least one tag'));
    const problem = checkTags(command.tags);
    if (problem) return refused(reject('InvalidParameter', problem));
    tags = { ...current, ...command.tags };
    if (Object.keys(tags).length > MAX_TAGS) return refused(reject('InvalidParameter', `a resource holds at most ${MAX_TAGS} tags`));
  } else {
    if (command.tagKeys.length === 0) return refused(reject('InvalidParameter', 'give at least one tag key'));
    for (const key of command.tagKeys) {
      const problem = checkKey(key);
      if (problem) return refused(reject('InvalidParameter', problem));
    }
    tags = Object.fromEntries(Object.entries(current).filter(([key]) => !command.tagKeys.includes(key)));
  }
  return accepted([{ type: 'ResourceTagsSet', instanceId: instance.id, at: command.now, resource: { ...command.resource }, tags }]);
}

export function applyResourceTags(instance: Instance, event: ResourceTagsSet): void {
  const tags = { ...event.tags };
  const { id } = event.resource;
  switch (event.resource.kind) {
    case 'instance':
      instance.tags = tags;
      return;
    case 'agent': {
      const user = instance.users.get(id);
      if (!user) return;
      user.profile = user.profile ? { ...user.profile, tags } : { phoneConfig: { ...DEFAULT_PHONE_CONFIG }, securityProfileIds: [], tags };
      user.lastModifiedAt = event.at;
      return;
    }
    case 'queue':
    case 'routing-profile':
    case 'operating-hours':
    case 'transfer-destination':
    case 'contact-flow': {
      const maps = { queue: instance.queues, 'routing-profile': instance.routingProfiles, 'operating-hours': instance.hoursOfOperations, 'transfer-destination': instance.quickConnects, 'contact-flow': instance.flows } as const;
      const entity = maps[event.resource.kind].get(id);
      if (!entity) return;
      entity.tags = tags;
      entity.lastModifiedAt = event.at;
      return;
    }
    case 'flow-module':
    case 'prompt': {
      const entity = (event.resource.kind === 'prompt' ? instance.prompts : instance.flowModules).get(id);
      if (!entity) return;
      entity.tags = tags;
      entity.lastModifiedAt = event.at;
      return;
    }
    case 'phone-number': {
      const number = instance.phoneNumbers?.get(id);
      if (number) number.tags = tags;
      return;
    }
  }
}
