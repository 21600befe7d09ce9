/** The parameter names of a path template: `'/targets/:id/runs'` → `'id'`. */
export type PathParamName<Path extends string> =
  Path extends `${string}:${infer Name}/${infer Rest}`
    ? Name | PathParamName<`/${Rest}`>
    : Path extends `${string}:${infer Name}`
      ? Name
      : never;

/** One string per parameter of the template, e.g. `{ id: string }` for `/runs/:id`. */
export type PathParams<Path extends string> = { [Name in PathParamName<Path>]: string };

/** The template with each `:name` replaced by its value, URL-encoded. */
export function fillPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
