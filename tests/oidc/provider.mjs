// A real OpenID Connect provider (panva's oidc-provider) for the tests, on a loopback port.
//
//   node tests/oidc/provider.mjs SETTINGS.json
//
// SETTINGS.json: {"client_id", "client_secret", "keyed_client_id", "client_public_jwk" (a
// second client that authenticates with private_key_jwt), "redirect_prefixes": [...], "jwk":
// {private signing key}, "accounts": {"<login>": {claims}}}. Prints {"issuer": "..."} on one line once it
// listens. The login page is a plain form: the test account's login and the level (acr).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const HPR_SCOPE = 'helseid://scopes/hpr/hpr_number';
const ACR_VALUES = ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'];

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = makeProvider(issuer);
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    } else {
      callback(req, res);
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: settings.client_id,
      client_secret: settings.client_secret,
      redirect_uris: [`${settings.redirect_prefixes[0]}callback`],
      post_logout_redirect_uris: [`${settings.redirect_prefixes[0]}logout`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }, {
      client_id: settings.keyed_client_id,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [settings.client_public_jwk] },
      redirect_uris: [`${settings.redirect_prefixes[0]}callback`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    jwks: { keys: [settings.jwk] },
    cookies: { keys: ['test-cookie-key'] },
    findAccount: (ctx, id) => account(id),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      pid: ['pid'],
      [HPR_SCOPE]: ['helseid://claims/hpr/hpr_number'],
    },
    scopes: ['openid', 'email', 'profile', 'pid', HPR_SCOPE],
    acrValues: ACR_VALUES,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  // The portal under test runs on ports chosen at random: allow any address under the
  // configured prefixes rather than one fixed list.
  const allowed = (uri) => settings.redirect_prefixes.some((prefix) => uri.startsWith(prefix));
  provider.Client.prototype.redirectUriAllowed = allowed;
  provider.Client.prototype.postLogoutRedirectUriAllowed = allowed;
  return provider;
}

function account(id) {
  const claims = settings.accounts[id];
  if (!claims) return undefined;
  return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    return finish(provider, req, res, details, details.session.accountId, undefined);
  }
  if (req.method === 'POST') {
    const form = new URLSearchParams(await body(req));
    const login = form.get('login') || '';
    if (account(login)) {
      return finish(provider, req, res, details, login, form.get('acr') || ACR_VALUES[1]);
    }
    return page(res, details.uid, 'Ukjent testkonto.');
  }
  return page(res, details.uid, '');
}

async function finish(provider, req, res, details, accountId, acr) {
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const result = { consent: { grantId: await grant.save() } };
  if (acr) result.login = { accountId, acr };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

function body(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function page(res, uid, error) {
  const options = ACR_VALUES.map((value) => `<option${value === ACR_VALUES[1] ? ' selected' : ''}>${value}</option>`).join('');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Testleverandør</title></head>
<body><main><h1>Testleverandør</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label for="login">Testkonto</label> <input id="login" name="login" autocomplete="off">
<label for="acr">Sikkerhetsnivå</label> <select id="acr" name="acr">${options}</select>
<button type="submit">Logg inn hos testleverandøren</button>
</form></main></body></html>`);
}
