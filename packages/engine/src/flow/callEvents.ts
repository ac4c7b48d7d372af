/**
 * An agent left a call and the contact goes on without them: its disconnect flow (CustomerRemaining)
 * now runs for the customer. The agent's part of the contact ends (after contact work), not the contact.
 */
export interface CallAgentLeft {
  type: 'CallAgentLeft';
  instanceId: string;
  at: number;
  contactId: string;
  userId: string;
  participantId: string;
}
