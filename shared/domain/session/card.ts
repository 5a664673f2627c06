/**
 * The card lock's rule (issue 10, item 6: "lock … when the card is removed"). The workstation
 * watches its smart-card readers (PC/SC); at a SITHS login it notes which cards are in which
 * reader. When one of those cards leaves its reader (taken out, or the reader unplugged), the
 * person has walked away with their card and the workstation locks. Which reader held the card
 * the TLS handshake used is not known to the app (the card middleware chose it), so every card
 * present at the login counts as the login's card: taking any of them out locks — a colleague's
 * card in a second reader costs at worst a PIN, never an open session.
 */

/** A reader and the card in it: `atr` is the card's answer-to-reset (hex), null when empty. */
export interface CardSlot {
  reader: string;
  atr: string | null;
}

/** The cards a login notes: the readers that hold a card. */
export function cardsPresent(slots: readonly CardSlot[]): CardSlot[] {
  return slots.filter((s) => s.atr !== null);
}

/**
 * True when a card noted at the login is no longer in its reader: the reader is empty, gone, or
 * holds another card (a card swapped for another is not the person who logged in).
 */
export function loginCardRemoved(atLogin: readonly CardSlot[], now: readonly CardSlot[]): boolean {
  return cardsPresent(atLogin).some((card) => {
    const slot = now.find((s) => s.reader === card.reader);
    return !slot || slot.atr !== card.atr;
  });
}
