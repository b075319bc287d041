using System.Text.RegularExpressions;

namespace EventExplorer.Web.Security;

/// <summary>
/// AWS error texts can name the account and the IAM role the app runs as ("User:
/// arn:aws:sts::123456789012:assumed-role/... is not authorized"). Authors and the log keep the full
/// text; everyone else is shown it without those.
/// </summary>
public static partial class AwsText
{
    public const string HiddenArn = "[ARN hidden]";
    public const string HiddenAccount = "[account id hidden]";
    public const string HiddenKey = "[access key hidden]";

    /// <summary><paramref name="text"/> as a user who is not an Author may see it.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var redacted = Arn().Replace(text, HiddenArn);
        redacted = AccessKey().Replace(redacted, HiddenKey);
        // A bare twelve-digit number is an account id only in an AWS text; elsewhere it may be a
        // version or a commit id that the user needs to see.
        if (redacted != text || AwsContext().IsMatch(text)) redacted = AccountId().Replace(redacted, HiddenAccount);
        return redacted;
    }

    /// <summary>The text for this user: whole for an Author, redacted for anyone else.</summary>
    public static string ForUser(string text, bool isAuthor) => isAuthor ? text : Redact(text);

    [GeneratedRegex(@"\barn:aws[a-z-]*:[^\s""'<>,;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Arn();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKey();

    [GeneratedRegex(@"(?<![\d.])\d{12}(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex AccountId();

    [GeneratedRegex(@"\b(?:account|aws|iam|sts|not authorized|access ?denied|assumed-role|principal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AwsContext();
}
