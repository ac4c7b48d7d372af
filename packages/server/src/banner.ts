import type { RunningServer } from './app.ts';
import { CREDENTIALS_PROFILE, type AccountCredentials } from './credentials.ts';
import { log } from './log.ts';

/**
 * The start banner's lines without the demo: the account's access key (its id and where it is — never the
 * secret) and, for each instance, its CCP and each chat widget's customer chat page. Each instance's URLs
 * also go to the log, as one line each.
 */
export function accountBanner(running: Pick<RunningServer, 'url' | 'services'>, account: AccountCredentials | undefined): string[] {
  const base = running.services.config.publicUrl ?? running.url;
  const lines: string[] = [];
  if (account) {
    lines.push(
      `  Connect API:   ${base}  region ${account.region}  account ${account.accountId}`,
      account.file
        ? `  account key:   ${account.accessKeyId}, profile ${CREDENTIALS_PROFILE} in ${account.file}  (AWS_SHARED_CREDENTIALS_FILE=${account.file} AWS_PROFILE=${CREDENTIALS_PROFILE})`
        : `  account key:   ${account.accessKeyId} (SWITCHBOARD_ADMIN_ACCESS_KEY_ID)`,
    );
  }
  const instances = [...running.services.state.instances.values()];
  if (instances.length === 0) lines.push('  no instance yet: make one with CreateInstance (npm run provision builds a whole one: examples/provision.ts)');
  for (const instance of instances) {
    const chat = [...instance.widgets.values()].map((w) => ({ widgetId: w.id, name: w.name, url: `${base}/chat/?widget=${w.id}` }));
    lines.push(`  instance ${instance.alias} (${instance.id}): agent CCP ${base}/ccp/`);
    for (const c of chat) lines.push(`    customer chat (${c.name}): ${c.url}`);
    log().info({ instanceId: instance.id, alias: instance.alias, ccpUrl: `${base}/ccp/`, chat }, 'instance');
  }
  return lines;
}
