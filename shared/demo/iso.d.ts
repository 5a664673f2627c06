/**
 * ISO 9999 classes used by the demo region: the real top classes (ISO 9999:2016, Swedish titles as
 * used by the regions' assortments) with a selection of real 4- and 6-digit subclasses.
 */
export interface IsoClassSeed {
    code: string;
    name: string;
}
export declare const ISO_CLASSES: readonly IsoClassSeed[];
/** Parent of a 4- or 6-digit code; null for a top class. */
export declare const isoParent: (code: string) => string | null;
