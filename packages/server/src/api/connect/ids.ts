/** Connect API fields take an id or a full ARN for most resources: the id is the last path segment. */
export function idOf(ref: string): string {
  return ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
}
