/**
 * A postal address on one line from its parts: "36 Purok 1", "Sabang", "Lipa" → "36 Purok 1, Sabang, Lipa".
 * Staff often type the barangay (or the city) into the street line as well; a part that already appears as one of
 * the comma-separated pieces before it is left out, so nothing is printed twice ("…, Sabang, Sabang, Lipa").
 */
export function joinAddress(...parts: (string | null | undefined)[]): string {
  const pieces: string[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const text = part?.trim();
    if (!text) continue;
    const key = normalise(text);
    if (seen.has(key)) continue;
    pieces.push(text);
    for (const piece of text.split(",")) seen.add(normalise(piece));
  }
  return pieces.join(", ");
}

const normalise = (text: string) => text.trim().replace(/\s+/g, " ").toLocaleLowerCase("en");
