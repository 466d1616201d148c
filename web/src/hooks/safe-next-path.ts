/** Where to go after signing in: only a path on this site, never another origin (`//evil`, `https:`). */
export function safeNextPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
