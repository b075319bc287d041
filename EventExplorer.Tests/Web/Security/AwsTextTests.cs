using EventExplorer.Web.Security;

namespace EventExplorer.Tests.Web.Security;

public sealed class AwsTextTests
{
    private const string AccessDenied =
        "Access to DynamoDB at AWS DynamoDB (eu-west-1) was denied: User: arn:aws:sts::123456789012:assumed-role/SupportRead/alice " +
        "is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/commits because no identity-based policy allows the dynamodb:Query action";

    [Fact]
    public void Redact_HidesArnsAndAccountIds_AndKeepsTheRest()
    {
        var shown = AwsText.Redact(AccessDenied);

        Assert.DoesNotContain("123456789012", shown);
        Assert.DoesNotContain("arn:aws", shown);
        Assert.DoesNotContain("SupportRead", shown);
        Assert.Contains("is not authorized to perform: dynamodb:Query on resource: [ARN hidden]", shown);
        Assert.StartsWith("Access to DynamoDB at AWS DynamoDB (eu-west-1) was denied: User: [ARN hidden]", shown);
    }

    [Fact]
    public void Redact_HidesABareAccountIdAndAccessKeyIdsInAwsTexts()
    {
        var shown = AwsText.Redact("The security token for account 210987654321 (key AKIAIOSFODNN7EXAMPLE) is expired.");

        Assert.Equal("The security token for account [account id hidden] (key [access key hidden]) is expired.", shown);
    }

    [Fact]
    public void Redact_LeavesTwelveDigitVersionsAndCommitIdsOfOtherTextsAlone()
    {
        const string conflict = "Version conflict: aggregate 'ledger' already has a commit at version 100000000000.";

        Assert.Equal(conflict, AwsText.Redact(conflict));
    }

    [Fact]
    public void ForUser_GivesAuthorsTheWholeText()
    {
        Assert.Equal(AccessDenied, AwsText.ForUser(AccessDenied, isAuthor: true));
        Assert.NotEqual(AccessDenied, AwsText.ForUser(AccessDenied, isAuthor: false));
    }
}
