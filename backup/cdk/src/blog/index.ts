// The blog's three constructs, with its names and positional signatures, so its code compiles against this package
// (`import { ... } from 's3-to-azure-backup-cdk/lib/blog'`). They are built on the constructs of the package's root,
// whose props-object forms stay the ones to extend. A separate namespace, because the blog's L3 and the root's share
// a name and jsii (Python, Java, .NET, Go) has no constructor overloads.
export * from './cfn-azure-blob-storage';
export * from './azure-blob-storage';
export * from './s3-to-azure-backup-service';
