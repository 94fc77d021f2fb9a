import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the bearer tokens the benchmark's write workloads send: one HS256 JWT per seeded
 * user, line N holding user N's token, signed with the key the server is started with.
 * The claims are the ones the server checks (see auth/TokenService and
 * TokenAuthentication): iss, sub = the user's id, iat, exp, and ver = the user's token
 * version, 0 for every seeded user.
 *
 * <p>
 * A single-file program (java MintTokens.java, JDK 11+), so it needs nothing but the JDK
 * that builds the project. The key comes from the environment, never the command line.
 *
 * <pre>
 * APP_JWT_SECRET=... java bench/MintTokens.java COUNT [ISSUER] [VALID_SECONDS] &gt; tokens.txt
 * </pre>
 */
public class MintTokens {

	public static void main(String[] args) throws Exception {
		if (args.length < 1 || args.length > 3 || System.getenv("APP_JWT_SECRET") == null) {
			System.err.println("usage: APP_JWT_SECRET=... java MintTokens.java COUNT [ISSUER] [VALID_SECONDS]");
			System.exit(64);
		}
		int count = Integer.parseInt(args[0]);
		String issuer = (args.length > 1) ? args[1] : "userprofiles";
		long valid = (args.length > 2) ? Long.parseLong(args[2]) : 86_400;
		// The server uses the secret's UTF-8 bytes as the HMAC key (SecurityConfiguration).
		byte[] key = System.getenv("APP_JWT_SECRET").getBytes(StandardCharsets.UTF_8);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		long now = System.currentTimeMillis() / 1000;
		try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII),
				1 << 16)) {
			for (int id = 1; id <= count; id++) {
				String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + id + "\",\"iat\":" + now + ",\"exp\":"
						+ (now + valid) + ",\"ver\":0}";
				String signed = header + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
				String signature = base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
				out.write(signed);
				out.write('.');
				out.write(signature);
				out.write('\n');
			}
		}
	}

}
