// SPDX-License-Identifier: ISC
// What the webhook tests share: the time as platforms stamp it, and a POST
// that returns the status, the text and (when the answer is JSON) its value.

/** Seconds since the epoch, as a string (Slack's and Discord's timestamps). */
export const now = () => String(Math.floor(Date.now() / 1000));

/** POST body to base + path; { status, text, json } (json null for text). */
export async function post(base, path, body, headers = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body, headers });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* text answers */ }
  return { status: res.status, text, json };
}
