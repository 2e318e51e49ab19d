// Remembers which methods each route pattern serves, so a known path with the wrong method gets 405, not 404.
export class MethodRegistry {
  private readonly routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];

  add(method: string | string[], url: string): void {
    const pattern = new RegExp('^' + url.replace(/\/$/, '').replace(/:[A-Za-z_]+/g, '[^/]+') + '/?$');
    const list = (Array.isArray(method) ? method : [method]).filter((m) => m !== 'HEAD');
    const existing = this.routes.find((r) => r.pattern.source === pattern.source);
    if (existing) list.forEach((m) => existing.methods.add(m));
    else this.routes.push({ pattern, methods: new Set(list) });
  }

  allowedFor(rawUrl: string): string[] {
    const path = rawUrl.split('?')[0] ?? '/';
    const hit = this.routes.find((r) => r.pattern.test(path));
    return hit ? [...hit.methods] : [];
  }
}
