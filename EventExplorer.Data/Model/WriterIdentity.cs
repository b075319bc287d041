namespace EventExplorer.Data.Model;

/// <summary>What a user may do: Viewer reads; Author may also append commits and store snapshots (and reads).</summary>
public enum WriterRole
{
    None,
    Viewer,
    Author,
}

/// <summary>The user behind a write, as the audit names them and the write check judges them.</summary>
public sealed record WriterIdentity
{
    /// <summary>The identity provider's stable id for the user (the token's <c>sub</c>).</summary>
    public required string Subject { get; init; }

    /// <summary>A name a person recognises (display name, user name or e-mail).</summary>
    public required string Name { get; init; }

    public required WriterRole Role { get; init; }

    public bool IsAuthor => Role == WriterRole.Author;

    /// <summary>Nobody the host could name: every write is refused.</summary>
    public static WriterIdentity Unknown { get; } = new() { Subject = "", Name = "an unidentified user", Role = WriterRole.None };

    /// <summary>"alice (Viewer)": for messages and the log.</summary>
    public string Describe() => $"{Name} ({RoleName(Role)})";

    public static string RoleName(WriterRole role) => role switch
    {
        WriterRole.Author => "Author",
        WriterRole.Viewer => "Viewer",
        _ => "no role",
    };
}
