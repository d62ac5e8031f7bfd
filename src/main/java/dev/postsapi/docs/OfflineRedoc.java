package dev.postsapi.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.ResourceTransformer;
import org.springframework.web.servlet.resource.ResourceTransformerChain;
import org.springframework.web.servlet.resource.TransformedResource;

/** ReDoc's bundle without its CDN logo; rewritten once, then cached. */
class OfflineRedoc implements ResourceTransformer {

	static final String BUNDLE = "redoc.standalone.js";

	private static final String CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";

	private static final String NO_IMAGE = "data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27/%3E";

	@Override
	public Resource transform(HttpServletRequest request, Resource resource, ResourceTransformerChain chain)
			throws IOException {
		Resource transformed = chain.transform(request, resource);
		if (!BUNDLE.equals(transformed.getFilename())) {
			return transformed;
		}
		String script = transformed.getContentAsString(StandardCharsets.UTF_8);
		return new TransformedResource(transformed,
				script.replace(CDN_LOGO, NO_IMAGE).getBytes(StandardCharsets.UTF_8));
	}

}
