/**
 * The bao CLI suite's auth-method steps: HashiCorp's JWT plugin registered as an auth plugin,
 * enabled, listed and tuned, configured with a locally generated key and a role, logged in with
 * a locally signed JWT without a token, the login's token looked up and renewed through the
 * plugin, a forged JWT and an unknown role refused, and disabling the method ending the token.
 */
import { exitWith, project, runBao } from './bao-cli';
import type { ClientStep, Session } from './client-suite';
import { jwtSigner } from '../../support/jwt';
import { JWT_AUDIENCE, JWT_PLUGIN_COMMAND, JWT_PLUGIN_NAME, JWT_PLUGIN_VERSION, JWT_SIGNER, jwtPluginSha256 } from './jwt-plugin';

const ok = exitWith(0);
const failed = exitWith(2);
const bao = (args: string[], options?: Parameters<typeof runBao>[2]) => (session: Session) => runBao(session, args, options);

/** A JWT for `sub` alice, valid for this suite's role, signed with the key both hosts trust. */
const aliceJwt = () => JWT_SIGNER.sign({ sub: 'alice', aud: JWT_AUDIENCE });

export const baoAuthSteps: ClientStep[] = [
  {
    name: 'plugin register auth',
    run: async (s) => runBao(s, ['plugin', 'register', `-sha256=${await jwtPluginSha256()}`, `-command=${JWT_PLUGIN_COMMAND}`, `-version=${JWT_PLUGIN_VERSION}`, 'auth', JWT_PLUGIN_NAME]),
    expect: ok,
  },
  { name: 'auth enable a registered auth plugin', run: bao(['auth', 'enable', '-path=jwt', '-description=logins', JWT_PLUGIN_NAME]), expect: ok },
  {
    name: 'auth list -detailed',
    run: (s) => project(runBao(s, ['auth', 'list', '-detailed', '-format=json']), (out) => ({ paths: Object.keys(out).sort(), jwt: out['jwt/'] })),
    expect: ok,
  },
  { name: 'auth tune -default-lease-ttl', run: bao(['auth', 'tune', '-default-lease-ttl=2h', 'jwt/']), expect: ok },
  { name: 'write the JWT config', run: bao(['write', 'auth/jwt/config', `jwt_validation_pubkeys=${JWT_SIGNER.publicKeyPem}`]), expect: ok },
  {
    name: 'write a JWT role',
    run: bao(['write', 'auth/jwt/role/dev', 'role_type=jwt', `bound_audiences=${JWT_AUDIENCE}`, 'user_claim=sub', 'token_policies=dev,reader', 'token_ttl=1h']),
    expect: ok,
  },
  // bao 2.7.2 has no CLI handler for jwt (only oidc's browser flow): it refuses before any request, on both.
  { name: 'login -method=jwt', run: (s) => runBao(s, ['login', '-no-store', '-method=jwt', 'role=dev', `jwt=${aliceJwt()}`], { token: null }), expect: exitWith(1) },
  {
    name: 'write auth/jwt/login without a token',
    run: async (s) => {
      const answer = await runBao(s, ['write', '-format=json', 'auth/jwt/login', 'role=dev', `jwt=${aliceJwt()}`], { token: null });
      s.save('jwt_token', ((answer.stdout as Record<string, unknown> | null)?.auth as Record<string, unknown> | undefined)?.client_token);
      return answer;
    },
    expect: ok,
  },
  { name: 'token lookup (self, the JWT login)', run: (s) => runBao(s, ['token', 'lookup', '-format=json'], { token: s.get('jwt_token') }), expect: ok },
  { name: 'token renew -increment (self, through the JWT plugin)', run: (s) => runBao(s, ['token', 'renew', '-format=json', '-increment=30m'], { token: s.get('jwt_token') }), expect: ok },
  { name: 'write auth/jwt/login with a forged JWT', run: bao(['write', 'auth/jwt/login', 'role=dev', `jwt=${jwtSigner().sign({ sub: 'mallory', aud: JWT_AUDIENCE })}`], { token: null }), expect: failed },
  { name: 'write auth/jwt/login for an unknown role', run: (s) => runBao(s, ['write', 'auth/jwt/login', 'role=nope', `jwt=${aliceJwt()}`], { token: null }), expect: failed },
  { name: 'auth disable', run: bao(['auth', 'disable', 'jwt/']), expect: ok },
  { name: 'token lookup after auth disable', run: (s) => runBao(s, ['token', 'lookup', '-format=json'], { token: s.get('jwt_token') }), expect: failed },
];
