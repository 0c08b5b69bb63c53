package io.cmautopilot.template;

import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege in template.yaml. A function is public when one of its HttpApi events opts out of the API's IAM
 * authorizer ({@code Auth: {Authorizer: NONE}}) or it has a function URL without auth: anyone on the internet can
 * reach its code. A public function may hold only explicit statements (no SAM policy template, whose expansion
 * grants more than the code uses), and only the actions listed below for it, each with the reason its code needs
 * it. No function may hold a wildcard action, read every secret of the prefix, or send mail as any identity.
 */
class LeastPrivilegeTest {
    private static final Template TEMPLATE = Template.project();

    /** Per public function: every action it may hold, and why its code needs it. */
    private static final Map<String, Map<String, String>> ALLOWED = Map.of(
            "WebhookFunction", Map.of(
                    "dynamodb:GetItem", "route a delivery to its account (ACCOUNTREF, account), read the brand and its"
                            + " webhook secret reference, find an existing comment (edits, removals) and our post by"
                            + " remote id (CommentIntake, BrandStore.findByExternalId, PostStore.findByRemoteId)",
                    "dynamodb:PutItem", "store a new comment with its pending mark, once (CommentStore.insert,"
                            + " attribute_not_exists)",
                    "dynamodb:UpdateItem", "clear the pending mark, apply an edit or a removal, count deliveries for"
                            + " unknown accounts (CommentStore.clearPending/edit/markRemoved, UnknownAccountStore.count)",
                    "events:PutEvents", "announce CommentReceived",
                    "secretsmanager:GetSecretValue", "the brand's generic-webhook secret and the platforms' app secrets"
                            + " that verify signatures (WebhookHandler, PlatformSecrets)"),
            "DigestHttpFunction", Map.of(
                    "dynamodb:GetItem", "the brand and the subscription an unsubscribe link names (BrandStore.get,"
                            + " getSubscription)",
                    "dynamodb:Query", "the preview builds the digest: counters, highlights, crises, accounts"
                            + " (CounterStore, HighlightStore, CrisisStore, BrandStore.listAccounts)",
                    "dynamodb:PutItem", "the one-click unsubscribe writes the subscription inactive"
                            + " (BrandStore.putSubscription), confined to BRAND# partitions by dynamodb:LeadingKeys",
                    "secretsmanager:GetSecretValue", "the key that signs and checks unsubscribe links"));

    /** Writes that a public function must never hold unless listed for it above. */
    private static final Set<String> WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem", "dynamodb:TransactWriteItems", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate",
            "dynamodb:PartiQLDelete", "dynamodb:DeleteTable", "dynamodb:UpdateTable", "secretsmanager:PutSecretValue",
            "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:UpdateSecret",
            "ses:SendEmail", "ses:SendRawEmail", "sqs:SendMessage", "sqs:DeleteMessage", "lambda:InvokeFunction");

    private static List<String> functions() {
        return TEMPLATE.ofType("AWS::Serverless::Function");
    }

    @SuppressWarnings("unchecked")
    static boolean isPublic(String fn) {
        Map<String, Object> props = TEMPLATE.properties(fn);
        if (props.get("FunctionUrlConfig") instanceof Map<?, ?> url && "NONE".equals(url.get("AuthType"))) {
            return true;
        }
        Map<String, Object> events = (Map<String, Object>) props.getOrDefault("Events", Map.of());
        for (Object e : events.values()) {
            Map<String, Object> event = (Map<String, Object>) e;
            if (!"HttpApi".equals(event.get("Type")) && !"Api".equals(event.get("Type"))) {
                continue;
            }
            Map<String, Object> p = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
            if (p.get("Auth") instanceof Map<?, ?> auth && "NONE".equals(auth.get("Authorizer"))) {
                return true;
            }
        }
        return false;
    }

    /** The policy entries of a function: SAM policy templates by name, and the statements of inline policies. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(String fn, List<String> templates) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object policies = TEMPLATE.properties(fn).get("Policies");
        List<Object> list = policies instanceof List<?> l ? (List<Object>) l : policies == null ? List.of() : List.of(policies);
        for (Object p : list) {
            if (p instanceof String managed) {
                templates.add(managed);
            } else if (p instanceof Map<?, ?> m && m.containsKey("Statement")) {
                Object st = m.get("Statement");
                (st instanceof List<?> sl ? (List<Object>) sl : List.of(st)).forEach(x -> out.add((Map<String, Object>) x));
            } else if (p instanceof Map<?, ?> m) {
                templates.addAll((Set<String>) (Set<?>) m.keySet());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof List<?> l ? (List<String>) l : a == null ? List.of() : List.of((String) a);
    }

    @Test
    void the_public_functions_are_the_webhooks_and_the_unsubscribe_page() {
        assertThat(functions().stream().filter(LeastPrivilegeTest::isPublic))
                .containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
    }

    @Test
    void a_public_function_holds_only_the_actions_its_code_uses() {
        List<String> problems = new ArrayList<>();
        for (String fn : functions()) {
            if (!isPublic(fn)) {
                continue;
            }
            Map<String, String> allowed = ALLOWED.getOrDefault(fn, Map.of());
            List<String> templates = new ArrayList<>();
            Set<String> held = new TreeSet<>();
            for (Map<String, Object> st : statements(fn, templates)) {
                if ("Allow".equals(st.get("Effect"))) {
                    held.addAll(actions(st));
                }
            }
            templates.forEach(t -> problems.add(fn + " is public but uses the policy template " + t
                    + ": write the statements it needs instead"));
            for (String action : held) {
                if (!allowed.containsKey(action)) {
                    problems.add(fn + " is public and holds " + action + (WRITES.contains(action)
                            ? ", a write its code does not use" : ", which its code does not use"));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void no_function_holds_a_wildcard_action_every_secret_or_any_mail_identity() {
        List<String> problems = new ArrayList<>();
        for (String fn : functions()) {
            List<String> templates = new ArrayList<>();
            for (Map<String, Object> st : statements(fn, templates)) {
                for (String action : actions(st)) {
                    if (action.contains("*")) {
                        problems.add(fn + ": wildcard action " + action);
                    }
                }
                String resources = String.valueOf(st.get("Resource"));
                if (actions(st).stream().anyMatch(a -> a.startsWith("secretsmanager:"))
                        && resources.contains("${SecretsPrefix}/*")) {
                    problems.add(fn + ": reads every secret of the prefix: " + resources);
                }
                if (actions(st).stream().anyMatch(a -> a.startsWith("ses:")) && (resources.contains("identity/*")
                        || !resources.contains("SenderEmail"))) {
                    problems.add(fn + ": may send as any identity, not only SenderEmail: " + resources);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_only_write_of_the_unsubscribe_page_is_confined_to_brand_partitions() {
        List<String> templates = new ArrayList<>();
        Map<String, Object> put = statements("DigestHttpFunction", templates).stream()
                .filter(st -> actions(st).contains("dynamodb:PutItem")).findFirst().orElseThrow();
        assertThat(String.valueOf(put.get("Condition"))).contains("dynamodb:LeadingKeys").contains("BRAND#*");
        assertThat(actions(put)).containsExactly("dynamodb:PutItem");
    }
}
