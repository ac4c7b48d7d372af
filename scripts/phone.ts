// The phone simulator from the command line, for trying calls in the CCP without a phone network:
//   npx tsx scripts/phone.ts dial +12065550100          a caller dials in (prints the contact and party ids)
//   npx tsx scripts/phone.ts show <contactId>           the call: parties, who hears whom, digits
//   npx tsx scripts/phone.ts answer|decline|hangup|unmute <contactId> <partyId>
// It reads the demo instance's keys from data/demo.json (or SWITCHBOARD_DATA_DIR) and the server's URL from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PhoneSimulator } from '@switchboard/sdk/phone';

const demo = JSON.parse(readFileSync(join(process.env.SWITCHBOARD_DATA_DIR ?? 'data', 'demo.json'), 'utf8')) as {
  instanceId: string; region: string; accessKeyId: string; secretAccessKey: string; urls: { ccp: string };
};
const phone = new PhoneSimulator({
  endpoint: new URL(demo.urls.ccp).origin, region: demo.region, instanceId: demo.instanceId,
  credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
});
const [verb, a, b] = process.argv.slice(2);
switch (verb) {
  case 'dial':
    console.log(await phone.dialIn(a ?? '+12065550100'));
    break;
  case 'show':
    console.log(JSON.stringify(await phone.describe(a!), null, 2));
    break;
  case 'answer': case 'decline': case 'hangup': case 'unmute':
    await ({ answer: phone.answer, decline: phone.decline, hangup: phone.hangUp, unmute: phone.unmute } as const)[verb].call(phone, a!, b!);
    console.log('ok');
    break;
  default:
    console.error('usage: npx tsx scripts/phone.ts dial [+number] | show <contactId> | answer|decline|hangup|unmute <contactId> <partyId>');
    process.exit(2);
}
