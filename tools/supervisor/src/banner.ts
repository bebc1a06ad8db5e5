/** What a newcomer needs after `npm start`: where the gateway is, a key, and commands to copy. */
export function banner(args: { gatewayUrl: string; demoKey: string; mock: boolean; services: readonly string[]; subsidiaryKeys: readonly { slug: string; secret: string }[] }): string {
  const { gatewayUrl, demoKey } = args;
  return `
================================================================================
 ASC is running${args.mock ? ' (mock LLM provider: no provider keys in the environment)' : ''}

 Gateway:   ${gatewayUrl}
 Demo key:  ${demoKey}
            (tenant "demo"; a new demo key is issued at every start, the previous one is revoked)
 Admin API: ${gatewayUrl}/admin/v1 with the token in .asc/secrets.env (never printed)
 Services:  ${args.services.join('\n            ')}
${args.subsidiaryKeys.length > 0 ? `\n Policy demo (infra/policy/examples/acme.yaml): organisation "acme"\n${args.subsidiaryKeys.map((k) => `   ${k.slug.padEnd(8)} key: ${k.secret}`).join('\n')}\n   (acme-eu: EU-only deployments, PII redacted; acme-us: other models, US regions)\n` : ''}
 Try it:
   curl ${gatewayUrl}/v1/chat/completions \\
     -H "Authorization: Bearer ${demoKey}" -H "Content-Type: application/json" \\
     -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}'

 OpenAI SDK (Node):
   const client = new OpenAI({ baseURL: '${gatewayUrl}/v1', apiKey: '${demoKey}' });
   await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

 Anthropic SDK (Node):
   const client = new Anthropic({ baseURL: '${gatewayUrl}', apiKey: '${demoKey}' });
   await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] });

 Admin CLI:  export $(grep ASC_ADMIN_TOKEN .asc/secrets.env) && npx asc tenants list
 Stop with Ctrl-C.
================================================================================
`;
}
