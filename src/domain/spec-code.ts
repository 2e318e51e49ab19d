// The resource spec code MetaStudio's allocation records name a package by.

/** A Flexus part is known by its sub-resource type: the bundle's name alone would merge three units. */
export function specCodeOf(p: { resourceType: string; subResourceType: string | null }): string {
  return p.subResourceType ?? p.resourceType;
}
