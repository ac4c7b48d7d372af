import type { RecordCallRecording } from '../commands.ts';
import type { CallRecordingFinished } from '../events.ts';
import type { CallRecording } from '../model/contact.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, isRejection } from '../lookup.ts';
import { reject } from '../rejection.ts';

/**
 * A call's recording is finished (media wrote the file): it goes on the call's first contact, so
 * DescribeContact lists it and an admin can download it. A call recorded in several pieces (recording
 * turned off and on again by its flow) has one entry per piece, in order.
 */
export function decideRecordCallRecording(state: State, command: RecordCallRecording): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  if (contact.channel !== 'VOICE' || contact.initialContactId !== undefined) {
    return refused(reject('InvalidRequest', 'recordings belong to a call\'s first contact'));
  }
  if (contact.recordings?.some((r) => r.id === command.recordingId)) {
    return refused(reject('DuplicateResource', `recording ${command.recordingId} is already listed`));
  }
  if (!(command.durationMs >= 0) || !(command.bytes >= 0)) return refused(reject('InvalidRequest', 'a recording has a duration and a size'));
  return accepted([{
    type: 'CallRecordingFinished', instanceId: instance.id, at: command.now, contactId: contact.id,
    recording: { id: command.recordingId, durationMs: command.durationMs, bytes: command.bytes, finishedAt: command.now },
  }]);
}

export function applyCallRecording(recordings: CallRecording[] | undefined, event: CallRecordingFinished): CallRecording[] {
  return [...(recordings ?? []), { ...event.recording }];
}
