/** Small deterministic PRNG (mulberry32): the same seed gives the same demo region everywhere. */
export declare class Random {
    private state;
    constructor(seed: number);
    /** Uniform in [0, 1). */
    next(): number;
    int(min: number, maxInclusive: number): number;
    pick<T>(items: readonly T[]): T;
    /** Picks by weights (need not sum to 1). */
    weighted<T>(items: readonly (readonly [T, number])[]): T;
    chance(p: number): boolean;
}
