// Fastify route patterns to OpenAPI path templates: /v1/:project_id/x -> /v1/{project_id}/x, "::" -> ":".
export interface PathTemplate {
  path: string;
  params: string[];
}

export function toPathTemplate(url: string): PathTemplate {
  const params: string[] = [];
  let path = '';
  for (let i = 0; i < url.length; i++) {
    const c = url[i]!;
    if (c === ':' && url[i + 1] === ':') {
      path += ':';
      i++;
    } else if (c === ':') {
      const name = /^[A-Za-z0-9_]+/.exec(url.slice(i + 1))?.[0] ?? '';
      params.push(name);
      path += `{${name}}`;
      i += name.length;
      // A regexp constraint, /:id(^\d+), has no OpenAPI form: the schema of the parameter must carry it.
      if (url[i + 1] === '(') i = skipGroup(url, i + 1);
    } else if (c === '*') {
      params.push('wildcard');
      path += '{wildcard}';
    } else {
      path += c;
    }
  }
  return { path, params };
}

function skipGroup(url: string, open: number): number {
  let depth = 0;
  for (let i = open; i < url.length; i++) {
    if (url[i] === '\\') i++;
    else if (url[i] === '(') depth++;
    else if (url[i] === ')' && --depth === 0) return i;
  }
  return url.length - 1;
}
