/** Amazon-shaped ARNs, so clients that parse them (Streams reads the region from the agent ARN) keep working. */
export function instanceArn(region: string, accountId: string, instanceId: string): string {
  return `arn:aws:connect:${region}:${accountId}:instance/${instanceId}`;
}

export function resourceArn(instance: { arn: string }, kind: string, id: string): string {
  return `${instance.arn}/${kind}/${id}`;
}
