/**
 * Lua scripts of the Redis budget store; each runs atomically on the Redis server, so check-and-reserve is one
 * indivisible step across every gateway replica. Key layout (all keys of a tenant share the `{tenantId}` hash tag,
 * so they live in one Redis Cluster slot):
 *
 *   <p>{tenant}:b:t            hash  tenant budget: limit, spent, reserved, periodStart, updatedAt (integers)
 *   <p>{tenant}:b:k:<keyId>    hash  key budget, same fields
 *   <p>{tenant}:rz             zset  live reservation ids scored by expiry (ms, Redis server clock)
 *   <p>{tenant}:rh             hash  reservation id -> "amount|tenantFlag|keyBudgetName"
 *
 * A reservation remembers which budgets it was charged to, so expiring or settling it releases exactly those,
 * even after a budget was added or removed meanwhile. Amounts are passed as decimal integer strings and changed with
 * HINCRBY (64-bit exact); comparisons use Lua numbers (exact up to 2^53).
 */
const RELEASE = `
local function release(id)
  local v = redis.call('HGET', KEYS[4], id)
  if not v then return end
  local a = string.find(v, '|', 1, true)
  local b = string.find(v, '|', a + 1, true)
  local amount = string.sub(v, 1, a - 1)
  local onTenant = string.sub(v, a + 1, b - 1) == '1'
  local keyBudget = string.sub(v, b + 1)
  if onTenant and redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'reserved', '-' .. amount) end
  if keyBudget ~= '' and redis.call('EXISTS', keyBudget) == 1 then redis.call('HINCRBY', keyBudget, 'reserved', '-' .. amount) end
  redis.call('HDEL', KEYS[4], id)
  redis.call('ZREM', KEYS[3], id)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 128)
for _, id in ipairs(expired) do release(id) end
`;

/** KEYS: tenant budget, key budget, reservation zset, reservation hash. ARGV: id, amount, ttlMs. */
export const RESERVE_LUA = `${RELEASE}
local amount = tonumber(ARGV[2])
local charged = {}
for i = 1, 2 do
  local b = redis.call('HMGET', KEYS[i], 'limit', 'spent', 'reserved', 'periodStart', 'updatedAt')
  if b[1] then
    local limit = tonumber(b[1])
    local committed = tonumber(b[2]) + tonumber(b[3])
    if not (committed < limit and committed + amount <= limit) then
      return {0, KEYS[i], b[1], b[2], b[3], b[4], b[5]}
    end
    charged[i] = true
  end
end
if charged[1] then redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[2]) end
if charged[2] then redis.call('HINCRBY', KEYS[2], 'reserved', ARGV[2]) end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2] .. '|' .. (charged[1] and '1' or '0') .. '|' .. (charged[2] and KEYS[2] or ''))
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[1])
return {1}
`;

/** KEYS: tenant budget, key budget, reservation zset, reservation hash. ARGV: id, actual cost. */
export const SETTLE_LUA = `${RELEASE}
release(ARGV[1])
for i = 1, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('HINCRBY', KEYS[i], 'spent', ARGV[2]) end
end
return 1
`;

/** KEYS: budget. ARGV: limit, spent, periodStart ms, updatedAt ms. Returns 1 if applied, 0 if stale. */
export const APPLY_STATE_LUA = `
local cur = redis.call('HMGET', KEYS[1], 'updatedAt', 'periodStart', 'spent')
if not cur[1] then
  redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'spent', ARGV[2], 'reserved', 0, 'periodStart', ARGV[3], 'updatedAt', ARGV[4])
  return 1
end
if tonumber(ARGV[4]) <= tonumber(cur[1]) then return 0 end
local spent = ARGV[2]
local periodStart = ARGV[3]
if tonumber(ARGV[3]) <= tonumber(cur[2]) then
  -- Same period: settled costs this side may not have reached metering yet, so spend only goes up.
  periodStart = cur[2]
  if tonumber(cur[3]) > tonumber(ARGV[2]) then spent = cur[3] end
end
redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'spent', spent, 'periodStart', periodStart, 'updatedAt', ARGV[4])
return 1
`;
