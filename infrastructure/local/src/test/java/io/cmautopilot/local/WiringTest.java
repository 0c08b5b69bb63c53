package io.cmautopilot.local;

import io.cmautopilot.local.template.Intrinsics;
import io.cmautopilot.local.template.Wiring;
import io.cmautopilot.engines.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading template.yaml into the runtime's wiring: what is taken, how values resolve, what is refused. */
class WiringTest {
    @TempDir
    Path dir;

    static Wiring read(Template t, Map<String, String> params) {
        return Wiring.read(t, new Intrinsics(t, params, "cm-local", "cm-local-bus"));
    }

    Template template(String resources) throws IOException {
        Path f = dir.resolve("template.yaml");
        Files.writeString(f, """
                Parameters:
                  Engine: {Type: String, Default: hybrid}
                Resources:
                  Table: {Type: AWS::DynamoDB::Table, Properties: {}}
                  Bus: {Type: AWS::Events::EventBus}
                """ + resources);
        return Template.load(f);
    }

    @Test
    void theTestTemplateIsReadWhole() {
        Wiring w = read(Template.load(TestRuntimes.testTemplate()), Map.of());

        assertThat(w.functions()).extracting(Wiring.FunctionSpec::logicalId)
                .containsExactly("HttpFunction", "TickFunction", "RuleFunction", "WorkerFunction");
        assertThat(w.routes()).extracting(Wiring.RouteSpec::routeKey).contains("GET /items/{id}", "ANY /files/{proxy+}");
        assertThat(w.schedules()).extracting(Wiring.ScheduleSpec::id).containsExactly("TickFunction.Every", "TickFunction.Nightly");
        assertThat(w.rules()).extracting(Wiring.RuleSpec::id).containsExactly("RuleFunction.Flagged", "ReceivedRule");
        assertThat(w.rules().get(1).targets()).extracting(Wiring.TargetSpec::kind).containsExactly(Wiring.TargetKind.QUEUE);
        assertThat(w.queueSources()).singleElement().satisfies(s -> {
            assertThat(s.queue()).isEqualTo("WorkQueue");
            assertThat(s.batchSize()).isEqualTo(3);
            assertThat(s.reportBatchItemFailures()).isTrue();
        });
        assertThat(w.queues()).filteredOn(q -> q.logicalId().equals("WorkQueue")).singleElement().satisfies(q -> {
            assertThat(q.deadLetterQueue()).isEqualTo("WorkDeadLetterQueue");
            assertThat(q.maxReceiveCount()).isEqualTo(3);
        });
        assertThat(w.function("HttpFunction").timeoutSeconds()).isEqualTo(10);
        assertThat(w.function("HttpFunction").env()).containsEntry("GREETING", "hello").containsEntry("TABLE_NAME", "cm-local");
    }

    @Test
    void aParameterOverrideReplacesTheDefault() {
        Wiring w = read(Template.load(TestRuntimes.testTemplate()), Map.of("Greeting", "bonjour"));

        assertThat(w.function("HttpFunction").env()).containsEntry("GREETING", "bonjour")
                .containsEntry("STACK_LABEL", "cm-local-bonjour");
    }

    @Test
    void aResourceWhoseConditionIsFalseIsLeftOut() {
        Wiring w = read(Template.load(TestRuntimes.testTemplate()), Map.of());

        assertThat(w.functions()).noneMatch(f -> f.logicalId().equals("NeverFunction"));
    }

    @Test
    void anEventTypeTheRuntimeCannotRunIsRefusedWithItsName() throws IOException {
        Template t = template("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Events:
                        Up: {Type: S3, Properties: {Bucket: x}}
                """);

        assertThatThrownBy(() -> read(t, Map.of())).hasMessageContaining("Fn.Up").hasMessageContaining("'S3'");
    }

    @Test
    void aRuleTargetThatIsNeitherAFunctionNorAQueueIsRefused() throws IOException {
        Template t = template("""
                  Topic: {Type: AWS::SNS::Topic}
                  R:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {source: [cm-autopilot]}
                      Targets: [{Arn: !Ref Topic, Id: t}]
                """);

        assertThatThrownBy(() -> read(t, Map.of())).hasMessageContaining("R:").hasMessageContaining("AWS::SNS::Topic");
    }

    @Test
    void anInputTransformerIsRefusedRatherThanIgnored() throws IOException {
        Template t = template("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Events:
                        OnFlag:
                          Type: EventBridgeRule
                          Properties:
                            Pattern: {source: [cm-autopilot]}
                            InputTransformer: {InputPathsMap: {id: $.id}, InputTemplate: '{"id": <id>}'}
                """);

        assertThatThrownBy(() -> read(t, Map.of())).hasMessageContaining("Fn.OnFlag uses an InputTransformer");
    }

    @Test
    void aScheduledRuleResourceAndAnEventSourceMappingAreWiredToo() throws IOException {
        Template t = template("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: a.B::handleRequest}
                  Q: {Type: AWS::SQS::Queue}
                  Nightly:
                    Type: AWS::Events::Rule
                    Properties:
                      ScheduleExpression: cron(0 3 * * ? *)
                      Targets: [{Arn: !GetAtt Fn.Arn, Id: fn}]
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties: {FunctionName: !Ref Fn, EventSourceArn: !GetAtt Q.Arn, BatchSize: 25}
                """);

        Wiring w = read(t, Map.of());

        assertThat(w.schedules()).singleElement().satisfies(s -> assertThat(s.functionId()).isEqualTo("Fn"));
        assertThat(w.queueSources()).singleElement().satisfies(s -> assertThat(s.batchSize()).isEqualTo(25));
    }
}
