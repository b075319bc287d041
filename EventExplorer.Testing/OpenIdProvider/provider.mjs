// A real OpenID Connect provider (npm oidc-provider, pinned in the repository's package.json) for
// the sign-in tests, on loopback. Started by EventExplorer.Testing/OpenIdProvider.cs with its
// settings as JSON in OIDC_TEST_CONFIG:
//   { port, clientId, clientSecret, redirectUris[], postLogoutRedirectUris[], users: { login: { name, groups[] } }, tag }
// Sign-in is a minimal form of our own: any login name is accepted (no password), and the account's
// claims come from `users` (an unknown login is a user without groups). Consent is granted for the
// client without asking. Every page is plain HTML with nothing loaded from elsewhere (the provider's
// built-in pages load web fonts from the internet, which the tests must never reach).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
const { port, clientId, clientSecret, redirectUris, postLogoutRedirectUris, users, tag } = config;
const issuer = `http://127.0.0.1:${port}`;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const page = (title, body) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
  `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    // ASP.NET Core's handler sends the secret in the form body.
    token_endpoint_auth_method: 'client_secret_post',
  }],
  async findAccount(ctx, id) {
    const user = users[id] ?? { name: id, groups: [] };
    return { accountId: id, async claims() { return { sub: id, name: user.name, groups: user.groups }; } };
  },
  claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'groups'],
  pkce: { required: () => true },
  cookies: {
    keys: [randomBytes(32).toString('hex')],
    // Cookies do not tell ports apart: two providers on one host must not share cookie names.
    names: { session: `_session_${tag}`, interaction: `_interaction_${tag}`, resume: `_interaction_resume_${tag}` },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page('Sign out of the test provider?', `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Signed out of the test provider', '');
      },
    },
  },
  // Consent for the one client is implied: a grant of everything it asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error at the test provider', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const login = new URLSearchParams(body).get('login')?.trim();
    if (!login) throw new Error('no login name');
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page('Sign in to the test provider',
    `<form method="post" action="/interaction/${escape(uid)}"><label>User name <input name="login" autocomplete="off" autofocus></label> ` +
    '<button type="submit">Sign in</button></form>'));
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)/.exec(req.url);
  if (!match) return handle(req, res);
  interaction(req, res, match[1]).catch((error) => {
    if (res.headersSent) return res.end();
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('Error at the test provider', escape(error.message)));
  });
});
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
