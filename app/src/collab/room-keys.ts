/** Random room ids and capability keys, base64url, from the browser's CSPRNG. */
export function randomToken(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 128-bit room id, 256-bit keys. */
export const newRoomId = () => randomToken(16);
export const newRoomKey = () => randomToken(32);
