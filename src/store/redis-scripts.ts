/**
 * Lua scripts of the Redis store. Each runs atomically on the server, so a read-check-write
 * never interleaves with another instance's.
 *
 * Key layout (prefix `afterleak:`):
 * - `u:<key>`       one user's state (JSON string), expiring RETENTION_DAYS after its last update
 * - `users`         sorted set: user key -> lastSeen (ms); answers `size` and `purgeIdle`
 * - `ev:<day>`      stream of that day's analytics events (field `e`), expiring RETENTION_DAYS after the day
 * - `ev-days`       sorted set: day -> its midnight (ms), to list the day streams
 * - `ev-of:<key>`   set of `<day> <stream id>` of one user's events, so `forget` finds them
 * - `setting:<name>` a setting (with its own expiry when it has one)
 * - `setting-owner` hash: setting name -> the user key that owns it
 * - `owns:<key>`    set of the setting names a user owns, so `forget` finds them
 */

/**
 * Compare-and-set of one user's state: writes only if the stored JSON is still what the caller
 * read (`''` = absent). KEYS: u:<key>, users. ARGV: expected, next (`''` deletes), ttl s, score, key.
 * Returns {1} when written; {0, current} when another writer got there first, so the caller can
 * retry at once without reading again.
 */
export const CAS_LUA = `
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return {0, cur or ''} end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[5])
else
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
end
return {1}
`;

/**
 * Appends events. KEYS: ev-days, then per event its day stream and its user's ev-of set.
 * ARGV: ev-of ttl s, then per event: day, day ms, stream ttl s, event JSON.
 */
export const RECORD_LUA = `
local n = (#KEYS - 1) / 2
for i = 1, n do
  local stream, index = KEYS[2 * i], KEYS[2 * i + 1]
  local day, dayMs, ttl, json = ARGV[4 * i - 2], ARGV[4 * i - 1], ARGV[4 * i], ARGV[4 * i + 1]
  local id = redis.call('XADD', stream, '*', 'e', json)
  redis.call('EXPIRE', stream, ttl)
  redis.call('SADD', index, day .. ' ' .. id)
  redis.call('EXPIRE', index, ARGV[1])
  redis.call('ZADD', KEYS[1], dayMs, day)
end
return n
`;

/**
 * Deletes one user's state, events and the settings they own. With a cutoff (ARGV[3] not ''),
 * only if the user is still idle since before it (returns -1 otherwise).
 * KEYS: u:<key>, users, ev-of:<key>, owns:<key>, setting-owner.
 * ARGV: key, stream prefix (`…ev:`), cutoff ms or '', setting prefix (`…setting:`).
 * Returns 2 when a state was deleted, plus 1 when events or settings were.
 */
export const FORGET_LUA = `
if ARGV[3] ~= '' then
  local seen = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if seen and tonumber(seen) >= tonumber(ARGV[3]) then return -1 end
end
local had = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
local removed = 0
for _, ref in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local sp = string.find(ref, ' ', 1, true)
  if sp then
    removed = removed + redis.call('XDEL', ARGV[2] .. string.sub(ref, 1, sp - 1), string.sub(ref, sp + 1))
  end
end
redis.call('DEL', KEYS[3])
for _, name in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('HGET', KEYS[5], name) == ARGV[1] then
    removed = removed + redis.call('DEL', ARGV[4] .. name)
    redis.call('HDEL', KEYS[5], name)
  end
end
redis.call('DEL', KEYS[4])
return had * 2 + (removed > 0 and 1 or 0)
`;

/**
 * Writes (or with ARGV[2] = '' deletes) one setting; with an owner, records it so forgetting the
 * owner deletes the setting. KEYS: setting:<name>, setting-owner, owns:<owner> (any key when none).
 * ARGV: name, value, ttl ms or '', owner or '', owner index ttl s.
 */
export const SETTING_LUA = `
redis.call('HDEL', KEYS[2], ARGV[1])
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  return 1
end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
  redis.call('SADD', KEYS[3], ARGV[1])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
end
return 1
`;

/**
 * Writes one setting only when it is absent (SET NX PX), with the owner bookkeeping of
 * {@link SETTING_LUA}; a setting whose recorded expiry (on the store's clock) has passed counts as
 * absent. KEYS: setting:<name>, setting-owner, owns:<owner>, setting-expires.
 * ARGV: name, value, ttl ms or '', owner or '', owner index ttl s, now ms. Returns 1 when written.
 */
export const CLAIM_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  local e = redis.call('HGET', KEYS[4], ARGV[1])
  if not e or tonumber(e) > tonumber(ARGV[6]) then return 0 end
end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('HDEL', KEYS[4], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('HSET', KEYS[4], ARGV[1], tostring(tonumber(ARGV[6]) + tonumber(ARGV[3])))
end
redis.call('HDEL', KEYS[2], ARGV[1])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
  redis.call('SADD', KEYS[3], ARGV[1])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
end
return 1
`;

/**
 * {@link CLAIM_LUA} for many settings in one atomic script (a broadcast's batch of leases).
 * KEYS: setting-owner, setting-expires, then per entry setting:<name>, owns:<owner>.
 * ARGV: now ms, then per entry name, value, ttl ms or '', owner or '', owner index ttl s.
 * Returns per entry 1 when written, 0 when a live value was there.
 */
export const CLAIM_MANY_LUA = `
local now = tonumber(ARGV[1])
local out = {}
for i = 1, (#KEYS - 2) / 2 do
  local key, owns = KEYS[2 * i + 1], KEYS[2 * i + 2]
  local name, value, ttl, owner, ownsTtl = ARGV[5 * i - 3], ARGV[5 * i - 2], ARGV[5 * i - 1], ARGV[5 * i], ARGV[5 * i + 1]
  local free = true
  if redis.call('EXISTS', key) == 1 then
    local e = redis.call('HGET', KEYS[2], name)
    if not e or tonumber(e) > now then free = false end
  end
  if free then
    if ttl == '' then
      redis.call('SET', key, value)
      redis.call('HDEL', KEYS[2], name)
    else
      redis.call('SET', key, value, 'PX', ttl)
      redis.call('HSET', KEYS[2], name, tostring(now + tonumber(ttl)))
    end
    redis.call('HDEL', KEYS[1], name)
    if owner ~= '' then
      redis.call('HSET', KEYS[1], name, owner)
      redis.call('SADD', owns, name)
      redis.call('EXPIRE', owns, ownsTtl)
    end
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`;

/** Typed handles of the scripts in `redis-scripts.ts` (registered with `defineCommand`). */
export interface RedisScripts {
  afterleakCas(user: string, users: string, expected: string, next: string, ttl: number, score: number, key: string): Promise<[1] | [0, string]>;
  afterleakRecord(numKeys: number, ...args: (string | number)[]): Promise<number>;
  afterleakForget(user: string, users: string, index: string, owns: string, owners: string, key: string, streamPrefix: string, cutoff: string, settingPrefix: string): Promise<number>;
  afterleakSetting(setting: string, owners: string, owns: string, name: string, value: string, ttlMs: string, owner: string, ownsTtl: number): Promise<number>;
  afterleakClaimMany(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<number[]>;
  afterleakClaim(setting: string, owners: string, owns: string, expiries: string, name: string, value: string, ttlMs: string, owner: string, ownsTtl: number, now: number): Promise<number>;
}
